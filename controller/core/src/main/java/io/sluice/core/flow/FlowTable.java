package io.sluice.core.flow;

/**
 * The two tables of the Sluice pipeline (see the design's "Pipeline on a switch"). Southbounds map
 * them to their own table ids.
 */
public enum FlowTable {
    /** Table 0: what class is this packet, and is it allowed on; edge and fabric ports differ here. */
    CLASSIFY(0),
    /** Table 1: where does it go. */
    ROUTE(1);

    private final int id;

    FlowTable(int id) {
        this.id = id;
    }

    /** The OpenFlow table number. */
    public int id() {
        return id;
    }
}
