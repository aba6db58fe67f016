package io.sluice.bench.emulator;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * New-flow packet-ins from the emulated hosts, each a TCP SYN with a source port never used
 * before, and the controller's answers to them: a PACKET_OUT carrying that frame, or a FLOW_MOD
 * matching its source address and port, on any switch (a controller may deliver the frame at the
 * destination's switch). Each edge switch keeps up to {@code window} requests outstanding: 1 for
 * the latency mode, more for throughput. Answers are timed from the packet-in's send.
 */
public final class NewFlowLoad {
    private final FabricEmulator fabric;
    private final List<FabricShape.SwitchPort> hosts;
    private final int window;
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();
    private final Recorder latency = new Recorder(3);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicInteger nextPort = new AtomicInteger();
    private volatile boolean running;

    NewFlowLoad(FabricEmulator fabric, int window) {
        this.fabric = fabric;
        this.hosts = fabric.shape().hostPorts();
        this.window = window;
    }

    private void start0() {
        running = true;
        for (int w = 0; w < window; w++) {
            for (int h = 0; h < hosts.size(); h++) {
                send(h);
            }
        }
    }

    /** Starts: every host sends {@code window} requests at once, and one more for each answer. */
    void start() {
        start0();
    }

    public void stop() {
        running = false;
    }

    private void send(int h) {
        if (!running) {
            return;
        }
        int dst = (h + hosts.size() / 2 + 1) % hosts.size();
        int port = 1024 + Math.floorMod(nextPort.getAndIncrement(), 64_000);
        long key = key(HostFrames.ip(h), port);
        sentAt.put(key, System.nanoTime());
        sent.incrementAndGet();
        fabric.sendFromHost(hosts.get(h), HostFrames.tcpSyn(HostFrames.mac(h), HostFrames.mac(dst), HostFrames.ip(h),
                HostFrames.ip(dst), port, 80));
    }

    /** An answer naming source {@code ip}:{@code port}: timed, and its host sends the next request. */
    void answered(int ip, int port) {
        Long at = sentAt.remove(key(ip, port));
        if (at == null) {
            return; // not ours, or answered twice (a FLOW_MOD and a PACKET_OUT): counted once
        }
        latency.recordValue(Math.max(1, (System.nanoTime() - at) / 1000));
        answered.incrementAndGet();
        send((ip & 0x7FFF_FFFF) - (HostFrames.ip(0) & 0x7FFF_FFFF));
    }

    private static long key(int ip, int port) {
        return ((long) ip << 16) | port;
    }

    public long answered() {
        return answered.get();
    }

    public long sent() {
        return sent.get();
    }

    /** Answer times (microseconds) since the last call. */
    public org.HdrHistogram.Histogram latencySinceLast() {
        return latency.getIntervalHistogram();
    }
}
