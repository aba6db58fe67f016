package io.sluice.core.stats;

import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.Link;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How busy one link was over the last measuring interval, in its direction: all traffic (the
 * egress port's counter) and each class's share of it (the counters of the route rules and
 * group buckets that send that class out of that port). Immutable.
 */
public final class LinkRate {
    private final Link link;
    private final long bps;
    private final Map<TrafficClass, Long> byClass;
    private final long dropsPerSecond;
    private final double intervalSeconds;

    private LinkRate(Link link, long bps, Map<TrafficClass, Long> byClass, long dropsPerSecond, double intervalSeconds) {
        this.link = Objects.requireNonNull(link, "link");
        this.bps = bps;
        EnumMap<TrafficClass, Long> m = new EnumMap<>(TrafficClass.class);
        m.putAll(byClass);
        this.byClass = Collections.unmodifiableMap(m);
        this.dropsPerSecond = dropsPerSecond;
        this.intervalSeconds = intervalSeconds;
    }

    public static LinkRate of(Link link, long bps, Map<TrafficClass, Long> byClass, long dropsPerSecond,
            double intervalSeconds) {
        return new LinkRate(link, bps, byClass, dropsPerSecond, intervalSeconds);
    }

    public Link link() {
        return link;
    }

    /** All traffic leaving the link's source port, bits per second. */
    public long bps() {
        return bps;
    }

    /** Each class's rate, bits per second; classes with no traffic are absent. */
    public Map<TrafficClass, Long> byClass() {
        return byClass;
    }

    public long bps(TrafficClass c) {
        return byClass.getOrDefault(c, 0L);
    }

    /** Packets the egress port dropped per second (queue overflow). */
    public long dropsPerSecond() {
        return dropsPerSecond;
    }

    /** The share of the link's capacity in use, 0-1 (more when the capacity is under-reported). */
    public double utilisation() {
        return link.capacityBps() <= 0 ? 0 : (double) bps / link.capacityBps();
    }

    public double intervalSeconds() {
        return intervalSeconds;
    }
}
