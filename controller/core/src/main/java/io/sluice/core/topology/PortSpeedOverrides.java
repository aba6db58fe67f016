package io.sluice.core.topology;

import io.sluice.core.device.Port;
import java.util.Map;

/**
 * Speeds an operator sets in place of what ports report: per port, or for every port. A link's
 * capacity is the lower speed of its two ends (a switch that reports no speed defers to the other).
 */
public final class PortSpeedOverrides {
    /** No overrides: capacities come from the ports. */
    public static final PortSpeedOverrides NONE = new PortSpeedOverrides(Map.of(), 0);

    private final Map<ConnectPoint, Long> bpsByPort;
    private final long allPortsBps;

    private PortSpeedOverrides(Map<ConnectPoint, Long> bpsByPort, long allPortsBps) {
        this.bpsByPort = Map.copyOf(bpsByPort);
        this.allPortsBps = allPortsBps;
    }

    /**
     * @param bpsByPort   speed of particular ports, bits per second
     * @param allPortsBps speed of every other port; 0 to use what the ports report
     */
    public static PortSpeedOverrides of(Map<ConnectPoint, Long> bpsByPort, long allPortsBps) {
        return new PortSpeedOverrides(bpsByPort, allPortsBps);
    }

    /** Speed of {@code port} at {@code cp} in bits per second; 0 when unknown. */
    public long speedBps(ConnectPoint cp, Port port) {
        Long set = bpsByPort.get(cp);
        if (set != null) {
            return set;
        }
        return allPortsBps > 0 ? allPortsBps : port.currentSpeedKbps() * 1000;
    }

    /** Capacity of a link between these two ports: the slower end, ignoring an end that reports 0. */
    public long capacityBps(ConnectPoint srcCp, Port src, ConnectPoint dstCp, Port dst) {
        long a = speedBps(srcCp, src);
        long b = speedBps(dstCp, dst);
        if (a == 0 || b == 0) {
            return Math.max(a, b);
        }
        return Math.min(a, b);
    }
}
