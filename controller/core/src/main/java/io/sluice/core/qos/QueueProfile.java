package io.sluice.core.qos;

import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import java.util.Objects;

/**
 * How one egress queue is served, as a switch (or the lab's tc) needs it: which class and DSCP
 * fill it, its guaranteed and maximum rate, and its priority when borrowing idle capacity (0 is
 * served first). Immutable.
 */
public final class QueueProfile {
    private final TrafficClass trafficClass;
    private final int queue;
    private final int dscp;
    private final int minSharePercent;
    private final int maxSharePercent;
    private final long minRateBps;
    private final long maxRateBps;
    private final int priority;
    private final Scheduling scheduling;

    QueueProfile(TrafficClass trafficClass, int queue, int dscp, int minSharePercent, int maxSharePercent,
            long minRateBps, long maxRateBps, int priority, Scheduling scheduling) {
        this.trafficClass = Objects.requireNonNull(trafficClass, "trafficClass");
        this.queue = queue;
        this.dscp = dscp;
        this.minSharePercent = minSharePercent;
        this.maxSharePercent = maxSharePercent;
        this.minRateBps = minRateBps;
        this.maxRateBps = maxRateBps;
        this.priority = priority;
        this.scheduling = Objects.requireNonNull(scheduling, "scheduling");
    }

    public TrafficClass trafficClass() {
        return trafficClass;
    }

    public int queue() {
        return queue;
    }

    public int dscp() {
        return dscp;
    }

    public int minSharePercent() {
        return minSharePercent;
    }

    public int maxSharePercent() {
        return maxSharePercent;
    }

    /** Guaranteed rate on a link of the profile's speed. */
    public long minRateBps() {
        return minRateBps;
    }

    /** Most it may take on a link of the profile's speed, borrowing included. */
    public long maxRateBps() {
        return maxRateBps;
    }

    /** Borrowing priority: 0 first. */
    public int priority() {
        return priority;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof QueueProfile)) {
            return false;
        }
        QueueProfile q = (QueueProfile) o;
        return trafficClass == q.trafficClass && queue == q.queue && dscp == q.dscp
                && minSharePercent == q.minSharePercent && maxSharePercent == q.maxSharePercent
                && minRateBps == q.minRateBps && maxRateBps == q.maxRateBps && priority == q.priority
                && scheduling == q.scheduling;
    }

    @Override
    public int hashCode() {
        return Objects.hash(trafficClass, queue, dscp, minRateBps, maxRateBps, priority, scheduling);
    }

    @Override
    public String toString() {
        return "queue " + queue + " " + trafficClass + " dscp " + dscp + " " + minRateBps + "-" + maxRateBps
                + " bit/s prio " + priority;
    }
}
