package io.sluice.core.policy;

/** How a class is served at each egress port. */
public enum Scheduling {
    /** Served first, up to its maximum share, so it cannot starve the others either. */
    STRICT,
    /** A weighted share with a guaranteed minimum; borrows what others leave idle. */
    WEIGHTED,
    /** Only a small guaranteed minimum; otherwise takes what is idle. */
    SCAVENGER
}
