package io.sluice.core.flow;

import io.sluice.core.device.Port;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * What a rule does with the packets it matches: optionally mark them (set the DSCP) and pick the
 * egress queue, then send them out of one port, to a {@link ForwardingGroup} of ports, or on to a
 * later table, or to the controller within a {@link PuntBudget}. Immutable; made by {@link #output},
 * {@link #group}, {@link #gotoTable} or {@link #toController}, refined by {@link #withDscp} and
 * {@link #withQueue}.
 */
public final class TrafficTreatment {
    private final Long outputPort;
    private final FlowTable gotoTable;
    private final Integer setDscp;
    private final Long queue;
    private final ForwardingGroup group;
    /** The budget packets sent to the controller count against; null when they are not sent there. */
    private final PuntBudget punt;

    private TrafficTreatment(Long outputPort, FlowTable gotoTable, Integer setDscp, Long queue) {
        this(outputPort, null, gotoTable, setDscp, queue, null);
    }

    private TrafficTreatment(Long outputPort, ForwardingGroup group, FlowTable gotoTable, Integer setDscp, Long queue,
            PuntBudget punt) {
        this.punt = punt;
        this.outputPort = outputPort;
        this.group = group;
        this.gotoTable = gotoTable;
        this.setDscp = setDscp;
        this.queue = queue;
    }

    /** Send out of {@code port}. */
    public static TrafficTreatment output(long port) {
        if (!Port.isPhysicalNumber(port)) {
            throw new IllegalArgumentException("not a physical port number: " + port);
        }
        return new TrafficTreatment(port, null, null, null);
    }

    /** Send out of one of the group's ports, as the switch picks. */
    public static TrafficTreatment group(ForwardingGroup group) {
        return new TrafficTreatment(null, Objects.requireNonNull(group, "group"), null, null, null, null);
    }

    /**
     * Send the whole packet to the controller, which decides (and sends it on itself), within the
     * {@link PuntBudget#PACKET_IN} budget.
     */
    public static TrafficTreatment toController() {
        return toController(PuntBudget.PACKET_IN);
    }

    /** Send the whole packet to the controller within {@code budget}. */
    public static TrafficTreatment toController(PuntBudget budget) {
        return new TrafficTreatment(null, null, null, null, null, Objects.requireNonNull(budget, "budget"));
    }

    /** Continue in {@code table}. */
    public static TrafficTreatment gotoTable(FlowTable table) {
        return new TrafficTreatment(null, Objects.requireNonNull(table, "table"), null, null);
    }

    /** The same, marking packets with {@code dscp} (0-63) first. */
    public TrafficTreatment withDscp(int dscp) {
        if (dscp < 0 || dscp > 63) {
            throw new IllegalArgumentException("DSCP must be 0-63, got " + dscp);
        }
        return new TrafficTreatment(outputPort, group, gotoTable, dscp, queue, punt);
    }

    /** The same, sending through egress queue {@code queue} (a switch's queue id). */
    public TrafficTreatment withQueue(long queue) {
        if (queue < 0 || queue > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("not a queue id: " + queue);
        }
        if (outputPort == null && group == null) {
            throw new IllegalArgumentException("a queue only means something with an output port");
        }
        return new TrafficTreatment(outputPort, group, gotoTable, setDscp, queue, punt);
    }

    /** The port packets leave by, or null when the rule does not output. */
    public Long outputPort() {
        return outputPort;
    }

    /** The group of ports packets leave by, or null. */
    public ForwardingGroup group() {
        return group;
    }

    /** Whether packets go to the controller. */
    public boolean isToController() {
        return punt != null;
    }

    /** The budget packets sent to the controller count against, or null when they are not sent there. */
    public PuntBudget puntBudget() {
        return punt;
    }

    /** The table packets continue in, or null. */
    public FlowTable gotoTable() {
        return gotoTable;
    }

    /** The DSCP packets are marked with, or null to leave it. */
    public Integer setDscp() {
        return setDscp;
    }

    /** The egress queue, or null for the port's default. */
    public Long queue() {
        return queue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TrafficTreatment)) {
            return false;
        }
        TrafficTreatment t = (TrafficTreatment) o;
        return Objects.equals(outputPort, t.outputPort) && gotoTable == t.gotoTable && Objects.equals(setDscp, t.setDscp)
                && Objects.equals(queue, t.queue) && Objects.equals(group, t.group) && punt == t.punt;
    }

    @Override
    public int hashCode() {
        return Objects.hash(outputPort, group, gotoTable, setDscp, queue, punt);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner(",");
        if (setDscp != null) {
            j.add("set_dscp:" + setDscp);
        }
        if (queue != null) {
            j.add("set_queue:" + queue);
        }
        j.add(punt != null ? controller(punt) : outputPort != null ? "output:" + outputPort
                : group != null ? "group:" + group : "goto:" + gotoTable);
        return j.toString();
    }

    /** "controller" for the packet-in budget, as before budgets had names; "controller(discovery)" otherwise. */
    private static String controller(PuntBudget budget) {
        return budget == PuntBudget.PACKET_IN ? "controller"
                : "controller(" + budget.name().toLowerCase(Locale.ROOT) + ")";
    }
}
