package io.sluice.core.flow;

import java.util.Objects;

/**
 * What a rule does with the packets it matches: send them out of one port, or hand them on to a
 * later table. Immutable; made by the factory methods.
 */
public final class TrafficTreatment {
    private final Long outputPort;
    private final FlowTable gotoTable;

    private TrafficTreatment(Long outputPort, FlowTable gotoTable) {
        this.outputPort = outputPort;
        this.gotoTable = gotoTable;
    }

    /** Send out of {@code port}. */
    public static TrafficTreatment output(long port) {
        if (port <= 0 || port > 0xFFFF_FF00L) {
            throw new IllegalArgumentException("not a physical port number: " + port);
        }
        return new TrafficTreatment(port, null);
    }

    /** Continue in {@code table}. */
    public static TrafficTreatment gotoTable(FlowTable table) {
        return new TrafficTreatment(null, Objects.requireNonNull(table, "table"));
    }

    /** The port packets leave by, or null when the rule does not output. */
    public Long outputPort() {
        return outputPort;
    }

    /** The table packets continue in, or null. */
    public FlowTable gotoTable() {
        return gotoTable;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrafficTreatment)) {
            return false;
        }
        TrafficTreatment t = (TrafficTreatment) o;
        return Objects.equals(outputPort, t.outputPort) && gotoTable == t.gotoTable;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputPort, gotoTable);
    }

    @Override
    public String toString() {
        return outputPort != null ? "output:" + outputPort : "goto:" + gotoTable;
    }
}
