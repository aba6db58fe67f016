package io.sluice.core.classify;

import java.time.Duration;
import java.util.Objects;

/** What has been seen of a flow so far: bytes, how long it has run, its recent rate. Immutable. */
public final class FlowObservations {
    /** A flow not seen yet. */
    public static final FlowObservations NONE = new FlowObservations(0, Duration.ZERO, 0);

    private final long bytes;
    private final Duration duration;
    private final long rateBps;

    private FlowObservations(long bytes, Duration duration, long rateBps) {
        this.bytes = bytes;
        this.duration = Objects.requireNonNull(duration, "duration");
        this.rateBps = rateBps;
    }

    public static FlowObservations of(long bytes, Duration duration, long rateBps) {
        if (bytes < 0 || duration.isNegative() || rateBps < 0) {
            throw new IllegalArgumentException("observations must not be negative: " + bytes + " B, " + duration
                    + ", " + rateBps + " bit/s");
        }
        return new FlowObservations(bytes, duration, rateBps);
    }

    public long bytes() {
        return bytes;
    }

    public Duration duration() {
        return duration;
    }

    public long rateBps() {
        return rateBps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowObservations && ((FlowObservations) o).bytes == bytes
                && ((FlowObservations) o).duration.equals(duration) && ((FlowObservations) o).rateBps == rateBps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(bytes, duration, rateBps);
    }

    @Override
    public String toString() {
        return bytes + " B in " + duration + " at " + rateBps + " bit/s";
    }
}
