package io.sluice.core.flow;

/**
 * The tables of the Sluice pipeline, by role, in the order a packet meets them (the design's
 * "Pipeline on a switch"; {@link io.sluice.core.pipeline.Pipeline} describes the pipeline once:
 * tables, priority bands, base rules). Target-neutral: each southbound maps a table to its own
 * table id (the OpenFlow module to table numbers, P4Runtime to its P4Info's tables).
 */
public enum FlowTable {
    /** First: what class is this packet, and is it allowed on; edge and fabric ports differ here. */
    CLASSIFY,
    /** Then: where does it go. */
    ROUTE;

    /**
     * The table's place in the pipeline: 0 for the first table a packet meets, 1 for the next. Not
     * a switch's table id (a southbound maps tables to those); a rule can continue only in a table
     * of a higher position.
     */
    public int position() {
        return ordinal();
    }
}
