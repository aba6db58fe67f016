package io.sluice.openflow.pipeline;

import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.PuntBudget;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Core's target-neutral pipeline in OpenFlow 1.3 terms: the one place this module says which
 * table number each of core's tables is and which meter each punt budget is. Everything that
 * writes a table id or a meter instruction goes through here.
 */
public final class OpenFlowPipeline {
    /** {@link FlowTable#CLASSIFY}: table 0, where every packet starts. */
    public static final TableId CLASSIFY_TABLE = TableId.of(0);
    /** {@link FlowTable#ROUTE}: table 1. */
    public static final TableId ROUTE_TABLE = TableId.of(1);
    /** {@link PuntBudget#PACKET_IN}: meter 1, at {@code packetInRate}. */
    public static final long PACKET_IN_METER = 1;
    /** {@link PuntBudget#DISCOVERY}: meter 2, at {@code lldpRate}. */
    public static final long DISCOVERY_METER = 2;

    private OpenFlowPipeline() {
    }

    /** The OpenFlow table that holds core's {@code table}. */
    public static TableId tableId(FlowTable table) {
        return switch (table) {
            case CLASSIFY -> CLASSIFY_TABLE;
            case ROUTE -> ROUTE_TABLE;
        };
    }

    /**
     * The meter that bounds {@code budget} on a switch with the base pipeline's meters (a switch
     * without them sends packets up unmetered: see {@link BasePipeline}).
     */
    public static long meterId(PuntBudget budget) {
        return switch (budget) {
            case PACKET_IN -> PACKET_IN_METER;
            case DISCOVERY -> DISCOVERY_METER;
        };
    }
}
