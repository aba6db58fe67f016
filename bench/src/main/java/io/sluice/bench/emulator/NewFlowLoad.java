package io.sluice.bench.emulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * New-flow packet-ins from the emulated hosts, each a TCP SYN with a source port not used for a
 * long while, and the controller's answers to them: the PACKET_OUT that releases that frame, on any
 * switch (a controller may deliver it at the destination's switch). The switches buffer nothing, so
 * every controller must send the frame back; a FLOW_MOD alone installs a rule but releases nothing,
 * and a controller that confirms its rule with a barrier before releasing the packet is timed to
 * the release, as the host would see it. Each edge switch keeps {@code window} requests outstanding, sent in turn
 * from its hosts: 1 for the latency mode (cbench's), more for throughput. Destinations are another
 * host of the same switch (a learning switch has seen it there, so it takes its flow-setup path
 * rather than flooding) or, optionally, a host of another switch. Answers are timed from
 * the packet-in's send (or, at a fixed rate, from when it was due). A request not answered within
 * {@link #ABANDON_NANOS} is counted as unanswered, recorded at the time it was waited for (so the
 * percentiles include it), and its slot sends the next one, so a controller that drops packet-ins
 * slows the load instead of stopping it.
 */
public final class NewFlowLoad {
    static final long ABANDON_NANOS = 1_000_000_000L;

    private final FabricEmulator fabric;
    private final List<FabricShape.SwitchPort> hosts;
    /** Each edge switch's hosts, by index into {@link #hosts}. */
    private final List<int[]> hostsBySwitch = new ArrayList<>();
    private final int[] switchOfHost;
    private final AtomicInteger[] turn;
    private final int window;
    /** Destinations on the sender's own switch (a learning switch knows them) or on another. */
    private final boolean sameSwitch;
    /** New flows a second, sent on a fixed schedule whatever the answers (open loop); 0: the window. */
    private final double rate;
    private Thread pacer;
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    /** Each host's next source port: a 5-tuple comes back only after 64,000 flows of that host. */
    private final AtomicInteger[] nextPort;
    private volatile boolean running;
    private Thread sweeper;

    NewFlowLoad(FabricEmulator fabric, int window, boolean sameSwitch, double rate) {
        this.fabric = fabric;
        this.hosts = fabric.shape().hostPorts();
        this.window = window;
        this.sameSwitch = sameSwitch;
        this.rate = rate;
        this.switchOfHost = new int[hosts.size()];
        Map<Long, List<Integer>> bySwitch = new LinkedHashMap<>();
        for (int h = 0; h < hosts.size(); h++) {
            bySwitch.computeIfAbsent(hosts.get(h).dpid(), k -> new ArrayList<>()).add(h);
        }
        for (List<Integer> on : bySwitch.values()) {
            for (int h : on) {
                switchOfHost[h] = hostsBySwitch.size();
            }
            hostsBySwitch.add(on.stream().mapToInt(Integer::intValue).toArray());
        }
        this.nextPort = new AtomicInteger[hosts.size()];
        for (int h = 0; h < hosts.size(); h++) {
            nextPort[h] = new AtomicInteger();
        }
        if (sameSwitch && hostsBySwitch.stream().anyMatch(on -> on.length < 2)) {
            throw new IllegalArgumentException("destinations on the same switch need two hosts or more on each edge switch");
        }
        if (!sameSwitch && hostsBySwitch.size() < 2) {
            throw new IllegalArgumentException("destinations on another switch need hosts on two edge switches or more");
        }
        this.turn = new AtomicInteger[hostsBySwitch.size()];
        for (int s = 0; s < turn.length; s++) {
            turn[s] = new AtomicInteger();
        }
    }

    /**
     * Starts: every edge switch sends {@code window} requests at once, and one more for each answer;
     * or, with a rate, the edge switches send in turn on a fixed schedule (open loop: a slow answer
     * does not delay the next request, so queueing shows in the times instead of hiding).
     */
    void start() {
        running = true;
        if (rate > 0) {
            pacer = new Thread(this::pace, "new-flow-pacer");
            pacer.setDaemon(true);
            pacer.start();
        } else {
            for (int w = 0; w < window; w++) {
                for (int s = 0; s < hostsBySwitch.size(); s++) {
                    sendFrom(s, System.nanoTime());
                }
            }
        }
        sweeper = new Thread(this::sweep, "new-flow-abandon");
        sweeper.setDaemon(true);
        sweeper.start();
    }

    public void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.interrupt();
        }
        if (pacer != null) {
            pacer.interrupt();
        }
    }

    /** Sends at {@link #rate}, each request timed from when it was due, not from when it went. */
    private void pace() {
        long interval = (long) (1e9 / rate);
        long due = System.nanoTime();
        int s = 0;
        while (running) {
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            sendFrom(s, due);
            s = (s + 1) % hostsBySwitch.size();
            due += interval;
        }
    }

    /** The next host of edge switch {@code s} sends a new flow, timed from {@code due}. */
    private void sendFrom(int s, long due) {
        if (!running) {
            return;
        }
        int[] on = hostsBySwitch.get(s);
        int t = turn[s].getAndIncrement();
        int h = on[Math.floorMod(t, on.length)];
        int[] there = hostsBySwitch.get((s + 1) % hostsBySwitch.size()); // the next edge switch's hosts, in turn
        int dst = sameSwitch ? on[Math.floorMod(t + 1, on.length)] : there[Math.floorMod(t, there.length)];
        int port = 1024 + Math.floorMod(nextPort[h].getAndIncrement(), 64_000);
        long key = key(HostFrames.ip(h), port);
        sentAt.put(key, due);
        sent.incrementAndGet();
        fabric.sendFromHost(hosts.get(h), HostFrames.tcpSyn(HostFrames.mac(h), HostFrames.mac(dst), HostFrames.ip(h),
                HostFrames.ip(dst), port, 80));
    }

    /** An answer naming source {@code ip}:{@code port}: timed, and its switch sends the next request. */
    void answered(int ip, int port) {
        Long at = sentAt.remove(key(ip, port));
        if (at == null) {
            return; // not ours, released twice (counted once), or abandoned
        }
        latency.recordValue(Math.max(1, (System.nanoTime() - at) / 1000));
        answered.incrementAndGet();
        if (rate == 0) {
            sendFrom(switchOfHost[HostFrames.index(ip)], System.nanoTime());
        }
    }

    /** Gives up on requests unanswered for {@link #ABANDON_NANOS}, each slot sending anew. */
    private void sweep() {
        while (running) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            Iterator<Map.Entry<Long, Long>> it = sentAt.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<Long, Long> e = it.next();
                if (now - e.getValue() > ABANDON_NANOS && sentAt.remove(e.getKey(), e.getValue())) {
                    abandoned.incrementAndGet();
                    latency.recordValue((now - e.getValue()) / 1000);
                    if (rate == 0) {
                        sendFrom(switchOfHost[HostFrames.index((int) (e.getKey() >>> 16))], System.nanoTime());
                    }
                }
            }
        }
    }

    private static long key(int ip, int port) {
        return ((long) ip << 16) | port;
    }

    public long answered() {
        return answered.get();
    }

    /** Requests given up on after {@link #ABANDON_NANOS} without an answer. */
    public long abandoned() {
        return abandoned.get();
    }

    public long sent() {
        return sent.get();
    }

    /** Edge switches sending (each keeps the window outstanding). */
    public int switches() {
        return hostsBySwitch.size();
    }

    /** Answer times (microseconds) since the last call. */
    public Histogram latencySinceLast() {
        return latency.getIntervalHistogram();
    }
}
