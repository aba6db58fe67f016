package io.sluice.core.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * When a flow no rule matched counts as an elephant, and the class elephants get. A flow is an
 * elephant once it has reached every threshold that is set (a threshold of zero is not set):
 * moved at least {@code minBytes}, lasted at least {@code minDuration}, and run at
 * {@code minRateBps} or more. With no threshold set, behaviour never reclassifies. Immutable.
 */
public final class BehaviourPolicy {
    /** No reclassification by behaviour. */
    public static final BehaviourPolicy OFF = new BehaviourPolicy(0, Duration.ZERO, 0, null);

    private final long minBytes;
    private final Duration minDuration;
    private final long minRateBps;
    private final TrafficClass elephantClass;

    private BehaviourPolicy(long minBytes, Duration minDuration, long minRateBps, TrafficClass elephantClass) {
        this.minBytes = minBytes;
        this.minDuration = Objects.requireNonNull(minDuration, "minDuration");
        this.minRateBps = minRateBps;
        this.elephantClass = elephantClass;
    }

    public static BehaviourPolicy of(long minBytes, Duration minDuration, long minRateBps, TrafficClass elephantClass) {
        return new BehaviourPolicy(minBytes, minDuration, minRateBps, elephantClass);
    }

    public long minBytes() {
        return minBytes;
    }

    public Duration minDuration() {
        return minDuration;
    }

    public long minRateBps() {
        return minRateBps;
    }

    /** The class elephants get; null only when no threshold is set. */
    public TrafficClass elephantClass() {
        return elephantClass;
    }

    /** Whether any threshold is set. */
    public boolean enabled() {
        return minBytes > 0 || !minDuration.isZero() || minRateBps > 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof BehaviourPolicy)) {
            return false;
        }
        BehaviourPolicy b = (BehaviourPolicy) o;
        return minBytes == b.minBytes && minDuration.equals(b.minDuration) && minRateBps == b.minRateBps
                && elephantClass == b.elephantClass;
    }

    @Override
    public int hashCode() {
        return Objects.hash(minBytes, minDuration, minRateBps, elephantClass);
    }

    @Override
    public String toString() {
        return enabled() ? "elephant at >= " + minBytes + " B, >= " + minDuration + ", >= " + minRateBps + " bit/s -> "
                + elephantClass : "off";
    }
}
