package io.sluice.core.pipeline;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.PuntBudget;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;

/**
 * The rules every switch gets on connect, before any host or policy is known (see
 * {@link Pipeline}): discovery frames and whatever no other rule decides go to the controller,
 * each within its {@link PuntBudget}, so a flood of one cannot starve the other or drown the
 * controller. ARP always goes to the controller, which answers it from its host table or delivers
 * it to edge ports only: ARP never crosses the fabric's loops. Declared in the order a southbound
 * installs them. A base rule is not routing's: a southbound installs it at connect, it is never in
 * the {@link io.sluice.core.flow.FlowRuleService} record and routing never diffs it away.
 */
public enum BaseRule {
    /** LLDP frames (link discovery's probes) to the controller, in the discovery budget. */
    LLDP(FlowTable.CLASSIFY, Pipeline.LLDP_PRIORITY, TrafficSelector.ETH_TYPE_LLDP, PuntBudget.DISCOVERY,
            "base pipeline: discovery (LLDP) frames to the controller, through the LLDP meter"),
    /** ARP to the controller. */
    ARP(FlowTable.CLASSIFY, Pipeline.ARP_PRIORITY, TrafficSelector.ETH_TYPE_ARP, PuntBudget.PACKET_IN,
            "base pipeline: ARP to the controller, which answers it or delivers it to edge ports"),
    /** Table-miss of CLASSIFY: a packet no classification rule took. */
    CLASSIFY_MISS(FlowTable.CLASSIFY, Pipeline.TABLE_MISS_PRIORITY, null, PuntBudget.PACKET_IN,
            "base pipeline: unclassified traffic to the controller, through the packet-in meter"),
    /** Table-miss of ROUTE: a packet with no route. */
    ROUTE_MISS(FlowTable.ROUTE, Pipeline.TABLE_MISS_PRIORITY, null, PuntBudget.PACKET_IN,
            "base pipeline: traffic with no route to the controller, through the packet-in meter");

    private final FlowTable table;
    private final int priority;
    private final TrafficSelector selector;
    private final TrafficTreatment treatment;
    private final String reason;

    BaseRule(FlowTable table, int priority, Integer ethType, PuntBudget budget, String reason) {
        this.table = table;
        this.priority = priority;
        TrafficSelector.Builder s = TrafficSelector.builder();
        if (ethType != null) {
            s.ethType(ethType);
        }
        this.selector = s.build();
        this.treatment = TrafficTreatment.toController(budget);
        this.reason = reason;
    }

    public FlowTable table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    /** What it matches: an EtherType, or anything (table-miss). */
    public TrafficSelector selector() {
        return selector;
    }

    /** To the controller, within the rule's budget. */
    public TrafficTreatment treatment() {
        return treatment;
    }

    /** Why the rule exists, in words an operator can act on. */
    public String reason() {
        return reason;
    }

    /** Its priority band. */
    public PriorityBand band() {
        return PriorityBand.of(table, priority).orElseThrow();
    }

    /** The rule on {@code device}. */
    public FlowRule on(DeviceId device) {
        return FlowRule.of(device, table, priority, selector, treatment, reason);
    }
}
