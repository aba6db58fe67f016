package io.sluice.core.pipeline;

import io.sluice.core.flow.FlowTable;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The priority bands of the pipeline's tables, highest first within each table; why they are in
 * this order is told once, in {@link Pipeline}. A band is a range of priorities in one or more
 * tables and the kind of rule it holds; bands of one table never overlap.
 */
public enum PriorityBand {
    /** LLDP and ARP to the controller. */
    BASE(EnumSet.of(FlowTable.CLASSIFY), Pipeline.ARP_PRIORITY, Pipeline.LLDP_PRIORITY, true,
            "base rules: LLDP (discovery budget) and ARP to the controller"),
    /** Exact rules for flows the controller classified. */
    PER_FLOW(EnumSet.of(FlowTable.CLASSIFY), Pipeline.FLOW_PRIORITY, Pipeline.FLOW_PRIORITY, false,
            "per-flow exact rules the controller decided: set the class's DSCP, on to routing"),
    /** The policy's classification entries at edge ports. */
    POLICY(EnumSet.of(FlowTable.CLASSIFY), Pipeline.POLICY_BASE_PRIORITY, Pipeline.POLICY_MAX_PRIORITY, false,
            "policy entries at edge ports: set the class's DSCP, on to routing (or up, for rules only the "
                    + "controller can apply)"),
    /** Each port's defaults. */
    PORT_DEFAULT(EnumSet.of(FlowTable.CLASSIFY), Pipeline.PORT_DEFAULT_PRIORITY, Pipeline.PORT_IPV4_DEFAULT_PRIORITY,
            false, "port defaults: IPv4 (11) and anything else (10) that no entry matched, on to routing"),
    /** A host's route for one class. */
    CLASS_ROUTE(EnumSet.of(FlowTable.ROUTE), Pipeline.CLASS_ROUTE_PRIORITY, Pipeline.CLASS_ROUTE_PRIORITY, false,
            "class routes: a host's MAC, VLAN and a class's DSCP to the class's queue and next hop"),
    /** A host's catch-all route. */
    HOST_ROUTE(EnumSet.of(FlowTable.ROUTE), Pipeline.HOST_ROUTE_PRIORITY, Pipeline.HOST_ROUTE_PRIORITY, false,
            "host routes: a host's MAC and VLAN, anything without a class DSCP, as the default class"),
    /** What no rule of the table matched. */
    TABLE_MISS(EnumSet.allOf(FlowTable.class), Pipeline.TABLE_MISS_PRIORITY, Pipeline.TABLE_MISS_PRIORITY, true,
            "base rules: table-miss to the controller");

    private final Set<FlowTable> tables;
    private final int lowest;
    private final int highest;
    private final boolean base;
    private final String holds;

    PriorityBand(EnumSet<FlowTable> tables, int lowest, int highest, boolean base, String holds) {
        this.tables = Collections.unmodifiableSet(tables);
        this.lowest = lowest;
        this.highest = highest;
        this.base = base;
        this.holds = holds;
    }

    /** The tables the band is in. */
    public Set<FlowTable> tables() {
        return tables;
    }

    /** Its lowest priority. */
    public int lowest() {
        return lowest;
    }

    /** Its highest priority. */
    public int highest() {
        return highest;
    }

    /** Whether its rules are base rules ({@link BaseRule}), which routing never writes. */
    public boolean isBase() {
        return base;
    }

    /** What its rules are, in words. */
    public String holds() {
        return holds;
    }

    /** Whether a rule at {@code priority} in {@code table} is in this band. */
    public boolean contains(FlowTable table, int priority) {
        return tables.contains(table) && priority >= lowest && priority <= highest;
    }

    /** The band a rule at {@code priority} in {@code table} is in; empty between bands. */
    public static Optional<PriorityBand> of(FlowTable table, int priority) {
        for (PriorityBand b : values()) {
            if (b.contains(table, priority)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
