package io.sluice.core.qos.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.Port;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.service.PolicyListener;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the egress queues of every physical port of every connected switch in step with the policy
 * in force, through a {@link QueueProvider}: at activation, when the policy changes, and when a
 * switch or a port comes or goes (what a deleted port leaves behind is deleted); at deactivation
 * it takes off everything it made, if asked to. Each port's profile is the policy's
 * {@link QosProfile} for the port's speed (its reported speed, 1 Gbit/s if it reports none, or one
 * fixed speed for all). Provider calls block, so they run on a thread of their own; changes that
 * come while one sync runs are folded into the next.
 */
public final class QueueManager {
    private static final Logger log = LoggerFactory.getLogger(QueueManager.class);
    private static final long DEFAULT_BPS = 1_000_000_000L;
    private static final long STOP_WAIT_SECONDS = 10;

    private final QueueProvider provider;
    private final PolicyService policies;
    private final DeviceService devices;
    private final OptionalLong linkBps;
    private final boolean removeOnDeactivate;
    private final DeviceListener deviceListener = this::deviceChanged;
    private final PolicyListener policyListener = now -> request();
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ExecutorService worker;

    /**
     * @param linkBps            the speed every port's queues are sized for, or empty for each port's own
     * @param removeOnDeactivate whether {@link #deactivate()} takes the queues off again
     */
    public QueueManager(QueueProvider provider, PolicyService policies, DeviceService devices, OptionalLong linkBps,
            boolean removeOnDeactivate) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.linkBps = Objects.requireNonNull(linkBps, "linkBps");
        if (linkBps.isPresent() && linkBps.getAsLong() <= 0) {
            throw new IllegalArgumentException("link speed must be positive, got " + linkBps.getAsLong() + " bit/s");
        }
        this.removeOnDeactivate = removeOnDeactivate;
    }

    /** Starts following the policy and the switches, and configures the ports there are now. */
    public synchronized void activate() {
        if (worker != null) {
            return;
        }
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-queues");
            t.setDaemon(true);
            return t;
        });
        policies.addListener(policyListener);
        devices.addListener(deviceListener);
        request();
    }

    private void deviceChanged(DeviceEvent e) {
        // New ports need queues; a removed switch or port leaves rows behind to clean up.
        if (e.type() != DeviceEvent.Type.PORT_UPDATED) {
            request();
        }
    }

    private void request() {
        ExecutorService w = worker;
        if (w != null && pending.compareAndSet(false, true)) {
            try {
                w.execute(this::sync);
            } catch (RejectedExecutionException stopped) {
                pending.set(false); // a change after deactivate(): the queues are being taken off anyway
            }
        }
    }

    private void sync() {
        pending.set(false);
        try {
            ActivePolicy now = policies.current();
            Map<String, QosProfile> ports = new LinkedHashMap<>();
            Map<Long, QosProfile> bySpeed = new LinkedHashMap<>();
            for (Device d : devices.getDevices()) {
                for (Port p : d.ports()) {
                    if (p.isPhysical()) {
                        ports.put(p.name(), bySpeed.computeIfAbsent(speed(p), bps -> QosProfile.of(now.policy(), bps)));
                    }
                }
            }
            int done = provider.configure(ports);
            provider.removeOrphans();
            log.info("qos: policy v{} queues on {} of {} port(s)", now.version().version(), done, ports.size());
        } catch (RuntimeException e) {
            log.error("qos: cannot configure {}: {}", provider, e.getMessage());
        }
    }

    private long speed(Port p) {
        if (linkBps.isPresent()) {
            return linkBps.getAsLong();
        }
        return p.currentSpeedKbps() > 0 ? p.currentSpeedKbps() * 1000 : DEFAULT_BPS;
    }

    /**
     * Stops following changes, waits (up to 10 s) for a sync under way, takes the queues off if
     * asked to, and closes the provider. A sync still running after the wait is cut short by
     * closing the provider, and the queues are then left as they are.
     */
    public synchronized void deactivate() {
        ExecutorService w = worker;
        if (w == null) {
            return;
        }
        worker = null;
        devices.removeListener(deviceListener);
        policies.removeListener(policyListener);
        w.shutdown();
        try {
            if (!w.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                // Closing fails the call it is blocked in; taking queues off under it is not safe.
                log.warn("qos: a queue sync still runs after {} s; {} left as they are", STOP_WAIT_SECONDS, provider);
                provider.close();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("qos: interrupted while stopping; {} left as they are", provider);
            provider.close();
            return;
        }
        try {
            if (removeOnDeactivate) {
                try {
                    provider.removeAll();
                } catch (RuntimeException e) {
                    log.warn("qos: could not take {} off at shutdown: {}", provider, e.getMessage());
                }
            }
        } finally {
            provider.close();
        }
    }
}
