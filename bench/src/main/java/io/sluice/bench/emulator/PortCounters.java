package io.sluice.bench.emulator;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A switch's per-port packet and byte counters for the frames that really crossed its ports (LLDP
 * probes relayed over cables, frames from emulated hosts), as PORT_STATS reports them. Ports from 1.
 */
final class PortCounters {
    private final AtomicLongArray rxPackets;
    private final AtomicLongArray rxBytes;
    private final AtomicLongArray txPackets;
    private final AtomicLongArray txBytes;

    PortCounters(int ports) {
        rxPackets = new AtomicLongArray(ports + 1);
        rxBytes = new AtomicLongArray(ports + 1);
        txPackets = new AtomicLongArray(ports + 1);
        txBytes = new AtomicLongArray(ports + 1);
    }

    void received(int port, int bytes) {
        if (port > 0 && port < rxPackets.length()) {
            rxPackets.incrementAndGet(port);
            rxBytes.addAndGet(port, bytes);
        }
    }

    void sent(int port, int bytes) {
        if (port > 0 && port < txPackets.length()) {
            txPackets.incrementAndGet(port);
            txBytes.addAndGet(port, bytes);
        }
    }

    long rxPackets(int port) {
        return rxPackets.get(port);
    }

    long rxBytes(int port) {
        return rxBytes.get(port);
    }

    long txPackets(int port) {
        return txPackets.get(port);
    }

    long txBytes(int port) {
        return txBytes.get(port);
    }
}
