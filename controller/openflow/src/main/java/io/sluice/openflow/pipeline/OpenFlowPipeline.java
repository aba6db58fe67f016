package io.sluice.openflow.pipeline;

import io.sluice.core.flow.FlowTable;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Core's target-neutral pipeline in OpenFlow 1.3 terms: the one place this module says which
 * table number each of core's tables is. Everything that writes or reads a table id goes through
 * here.
 */
public final class OpenFlowPipeline {
    /** {@link FlowTable#CLASSIFY}: table 0, where every packet starts. */
    public static final TableId CLASSIFY_TABLE = TableId.of(0);
    /** {@link FlowTable#ROUTE}: table 1. */
    public static final TableId ROUTE_TABLE = TableId.of(1);

    private OpenFlowPipeline() {
    }

    /** The OpenFlow table that holds core's {@code table}. */
    public static TableId tableId(FlowTable table) {
        return switch (table) {
            case CLASSIFY -> CLASSIFY_TABLE;
            case ROUTE -> ROUTE_TABLE;
        };
    }
}
