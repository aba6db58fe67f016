package io.sluice.core.qos;

import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The egress queues of a port of a given speed, derived from the policy's classes: one queue per
 * class, its guaranteed rate the class's minimum share of the link and its ceiling the maximum
 * share. Borrowing priority follows scheduling: strict classes first (CONTROL before INFERENCE,
 * then any other strict class in queue order), then weighted classes, then the scavenger, so
 * what is idle goes to latency-bound traffic first and to archival last. The same profile drives
 * OVS queues over OVSDB and the lab's tc classes, so both follow the policy rather than a copy.
 * Immutable.
 */
public final class QosProfile {
    private final long linkBps;
    private final List<QueueProfile> queues;

    private QosProfile(long linkBps, List<QueueProfile> queues) {
        this.linkBps = linkBps;
        this.queues = List.copyOf(queues);
    }

    /**
     * @param policy  a valid policy
     * @param linkBps the port's speed; rates are shares of it
     */
    public static QosProfile of(Policy policy, long linkBps) {
        if (linkBps <= 0) {
            throw new IllegalArgumentException("link speed must be positive, got " + linkBps + " bit/s");
        }
        List<ClassProfile> classes = new ArrayList<>(policy.classes().values());
        classes.sort(Comparator.comparingInt(QosProfile::servingOrder).thenComparing(ClassProfile::queue));
        List<QueueProfile> out = new ArrayList<>();
        int priority = 0;
        Scheduling last = null;
        for (ClassProfile c : classes) {
            // Each strict class gets its own level; weighted classes share one; the scavenger comes last.
            if (last != null && (c.scheduling() == Scheduling.STRICT || c.scheduling() != last)) {
                priority++;
            }
            last = c.scheduling();
            out.add(new QueueProfile(c.trafficClass(), c.queue(), c.dscp(), c.minSharePercent(), c.maxSharePercent(),
                    linkBps * c.minSharePercent() / 100, linkBps * c.maxSharePercent() / 100, priority,
                    c.scheduling()));
        }
        out.sort(Comparator.comparingInt(QueueProfile::queue));
        return new QosProfile(linkBps, out);
    }

    private static int servingOrder(ClassProfile c) {
        switch (c.scheduling()) {
            case STRICT:
                return c.trafficClass() == TrafficClass.CONTROL ? 0 : 1;
            case WEIGHTED:
                return 2;
            default:
                return 3;
        }
    }

    public long linkBps() {
        return linkBps;
    }

    /** In queue order. */
    public List<QueueProfile> queues() {
        return queues;
    }

    public Optional<QueueProfile> queueOf(TrafficClass c) {
        return queues.stream().filter(q -> q.trafficClass() == c).findFirst();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QosProfile && ((QosProfile) o).linkBps == linkBps && ((QosProfile) o).queues.equals(queues);
    }

    @Override
    public int hashCode() {
        return Objects.hash(linkBps, queues);
    }

    @Override
    public String toString() {
        return linkBps + " bit/s: " + queues;
    }
}
