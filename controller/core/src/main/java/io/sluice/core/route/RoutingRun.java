package io.sluice.core.route;

import java.time.Instant;
import java.util.Objects;

/**
 * What one recomputation of the routes did: the change that started it, how many rule writes it
 * took, and how long, from the change being reported to the last switch confirming. Immutable.
 */
public final class RoutingRun {
    private final long topologyVersion;
    private final String trigger;
    private final Instant triggeredAt;
    private final int writes;
    private final int switches;
    private final long computeNanos;
    private final long totalNanos;
    private final boolean complete;

    private RoutingRun(long topologyVersion, String trigger, Instant triggeredAt, int writes, int switches,
            long computeNanos, long totalNanos, boolean complete) {
        this.topologyVersion = topologyVersion;
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.triggeredAt = Objects.requireNonNull(triggeredAt, "triggeredAt");
        this.writes = writes;
        this.switches = switches;
        this.computeNanos = computeNanos;
        this.totalNanos = totalNanos;
        this.complete = complete;
    }

    /**
     * @param triggeredAt  wall-clock time the triggering change was seen
     * @param computeNanos time to plan and diff
     * @param totalNanos   time from the triggering event to the last barrier reply
     * @param complete     whether every switch confirmed its writes
     */
    public static RoutingRun of(long topologyVersion, String trigger, Instant triggeredAt, int writes, int switches,
            long computeNanos, long totalNanos, boolean complete) {
        return new RoutingRun(topologyVersion, trigger, triggeredAt, writes, switches, computeNanos, totalNanos,
                complete);
    }

    public long topologyVersion() {
        return topologyVersion;
    }

    /** The first change this run took in, e.g. {@code LINK_REMOVED 0x201/1 -> 0x101/1}. */
    public String trigger() {
        return trigger;
    }

    /** When the triggering change was seen (wall clock). */
    public Instant triggeredAt() {
        return triggeredAt;
    }

    /** When the last switch confirmed (wall clock, derived from the monotonic duration). */
    public Instant finishedAt() {
        return triggeredAt.plusNanos(totalNanos);
    }

    /** Rules added, modified and removed, over all switches. */
    public int writes() {
        return writes;
    }

    /** Switches written to. */
    public int switches() {
        return switches;
    }

    public long computeNanos() {
        return computeNanos;
    }

    public long totalNanos() {
        return totalNanos;
    }

    public boolean complete() {
        return complete;
    }

    @Override
    public String toString() {
        return String.format("topology v%d after %s: %d rule write(s) on %d switch(es), compute %.1f ms, "
                + "event to last barrier %.1f ms%s", topologyVersion, trigger, writes, switches, computeNanos / 1e6,
                totalNanos / 1e6, complete ? "" : " (incomplete: will retry)");
    }
}
