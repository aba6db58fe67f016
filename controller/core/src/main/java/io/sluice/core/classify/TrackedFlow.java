package io.sluice.core.classify;

import io.sluice.core.device.DeviceId;
import java.time.Instant;
import java.util.Objects;

/**
 * A flow the controller classified itself (it matched no rule a switch can hold), with its exact
 * rule at the ingress edge and what that rule's counters last said. Immutable snapshot.
 */
public final class TrackedFlow {
    private final long id;
    private final FlowKey key;
    private final Classification classification;
    private final Instant since;
    private final Instant classifiedAt;
    private final long bytes;
    private final long rateBps;
    private final boolean installed;

    private TrackedFlow(long id, FlowKey key, Classification classification, Instant since, Instant classifiedAt,
            long bytes, long rateBps, boolean installed) {
        this.id = id;
        this.key = Objects.requireNonNull(key, "key");
        this.classification = Objects.requireNonNull(classification, "classification");
        this.since = since;
        this.classifiedAt = classifiedAt;
        this.bytes = bytes;
        this.rateBps = rateBps;
        this.installed = installed;
    }

    public static TrackedFlow of(long id, FlowKey key, Classification classification, Instant since,
            Instant classifiedAt, long bytes, long rateBps, boolean installed) {
        return new TrackedFlow(id, key, classification, since, classifiedAt, bytes, rateBps, installed);
    }

    /** The flow's number, for {@code /api/v1/flows/{id}}. */
    public long id() {
        return id;
    }

    public FlowKey key() {
        return key;
    }

    /** The switch the flow enters the fabric at, where its exact rule is. */
    public DeviceId edge() {
        return key.ingress().deviceId();
    }

    public Classification classification() {
        return classification;
    }

    /** When its first packet reached the controller. */
    public Instant since() {
        return since;
    }

    /** When it got its current class. */
    public Instant classifiedAt() {
        return classifiedAt;
    }

    /** Bytes its exact rule has counted. */
    public long bytes() {
        return bytes;
    }

    /** Its rate over the last polling interval, bits per second. */
    public long rateBps() {
        return rateBps;
    }

    /** Whether the switch has confirmed its exact rule. */
    public boolean installed() {
        return installed;
    }

    public TrackedFlow withClassification(Classification c, Instant at) {
        return new TrackedFlow(id, key, c, since, at, bytes, rateBps, installed);
    }

    public TrackedFlow withCounters(long newBytes, long newRateBps) {
        return new TrackedFlow(id, key, classification, since, classifiedAt, newBytes, newRateBps, installed);
    }

    public TrackedFlow withInstalled(boolean now) {
        return new TrackedFlow(id, key, classification, since, classifiedAt, bytes, rateBps, now);
    }
}
