package io.sluice.core.qos.impl;

import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in queue provider for tests (no device behind it): records every call, with the ports
 * and profiles asked for; can be told to fail, to refuse some ports, or to hold a configure until
 * released. Calls come from the manager's worker; reads from the test thread.
 */
final class RecordingQueueProvider implements QueueProvider {
    /** One call: its name and, for configure, what was asked. */
    static final class Call {
        final String name;
        final Map<String, QosProfile> ports;

        Call(String name, Map<String, QosProfile> ports) {
            this.name = name;
            this.ports = ports;
        }

        @Override
        public String toString() {
            return ports == null ? name : name + ports.keySet();
        }
    }

    private final List<Call> calls = new ArrayList<>();
    private final List<String> refused = new ArrayList<>();
    private volatile RuntimeException failure;
    private volatile CountDownLatch hold;
    private final CountDownLatch held = new CountDownLatch(1);

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized List<String> names() {
        List<String> out = new ArrayList<>();
        calls.forEach(c -> out.add(c.name));
        return out;
    }

    /** The ports and profiles of the latest configure. */
    synchronized Map<String, QosProfile> lastConfigured() {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).ports != null) {
                return calls.get(i).ports;
            }
        }
        return Map.of();
    }

    synchronized int configures() {
        return (int) calls.stream().filter(c -> c.ports != null).count();
    }

    void failWith(RuntimeException e) {
        failure = e;
    }

    synchronized void refuse(String port) {
        refused.add(port);
    }

    /** The next configure waits (after being recorded) until {@link #release()}. */
    void holdNext() {
        hold = new CountDownLatch(1);
    }

    boolean awaitHeld() throws InterruptedException {
        return held.await(5, TimeUnit.SECONDS);
    }

    void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    private synchronized void record(String name, Map<String, QosProfile> ports) {
        calls.add(new Call(name, ports == null ? null : new LinkedHashMap<>(ports)));
    }

    @Override
    public int configure(Map<String, QosProfile> ports) {
        record("configure", ports);
        CountDownLatch h = hold;
        if (h != null) {
            held.countDown();
            try {
                h.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        RuntimeException f = failure;
        if (f != null) {
            throw f;
        }
        synchronized (this) {
            return (int) ports.keySet().stream().filter(p -> !refused.contains(p)).count();
        }
    }

    @Override
    public void removeOrphans() {
        record("removeOrphans", null);
    }

    @Override
    public void removeAll() {
        record("removeAll", null);
    }

    @Override
    public void close() {
        record("close", null);
    }

    @Override
    public String toString() {
        return "recording queue provider";
    }
}
