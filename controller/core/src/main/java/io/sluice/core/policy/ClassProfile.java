package io.sluice.core.policy;

import java.util.Objects;

/**
 * A class's numbers: the DSCP it is marked with, the egress queue it takes, its share of each
 * link (minimum guaranteed, maximum allowed, percent), how it is scheduled and routed. Values are
 * kept as written; {@link PolicyValidator} says which are wrong. Immutable.
 */
public final class ClassProfile {
    private final TrafficClass trafficClass;
    private final Integer dscp;
    private final Integer queue;
    private final int minSharePercent;
    private final int maxSharePercent;
    private final Scheduling scheduling;
    private final RoutePreference route;

    private ClassProfile(TrafficClass trafficClass, Integer dscp, Integer queue, int minSharePercent,
            int maxSharePercent, Scheduling scheduling, RoutePreference route) {
        this.trafficClass = Objects.requireNonNull(trafficClass, "trafficClass");
        this.dscp = dscp;
        this.queue = queue;
        this.minSharePercent = minSharePercent;
        this.maxSharePercent = maxSharePercent;
        this.scheduling = scheduling;
        this.route = route;
    }

    public static ClassProfile of(TrafficClass trafficClass, Integer dscp, Integer queue, int minSharePercent,
            int maxSharePercent, Scheduling scheduling, RoutePreference route) {
        return new ClassProfile(trafficClass, dscp, queue, minSharePercent, maxSharePercent, scheduling, route);
    }

    public TrafficClass trafficClass() {
        return trafficClass;
    }

    /** 0-63 in a valid policy. */
    public Integer dscp() {
        return dscp;
    }

    /** The egress queue id; never null in a valid policy. */
    public Integer queue() {
        return queue;
    }

    public int minSharePercent() {
        return minSharePercent;
    }

    public int maxSharePercent() {
        return maxSharePercent;
    }

    public Scheduling scheduling() {
        return scheduling;
    }

    public RoutePreference route() {
        return route;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassProfile)) {
            return false;
        }
        ClassProfile p = (ClassProfile) o;
        return trafficClass == p.trafficClass && Objects.equals(dscp, p.dscp) && Objects.equals(queue, p.queue)
                && minSharePercent == p.minSharePercent && maxSharePercent == p.maxSharePercent
                && scheduling == p.scheduling && route == p.route;
    }

    @Override
    public int hashCode() {
        return Objects.hash(trafficClass, dscp, queue, minSharePercent, maxSharePercent, scheduling, route);
    }

    @Override
    public String toString() {
        return trafficClass + " dscp " + dscp + " queue " + queue + " share " + minSharePercent + "-"
                + maxSharePercent + "% " + scheduling + " " + route;
    }
}
