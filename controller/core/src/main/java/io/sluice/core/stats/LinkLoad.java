package io.sluice.core.stats;

import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.Link;

/**
 * How busy each link is, per traffic class, as last measured: what class-aware routing weighs
 * paths by. Rates are in bits per second over the most recent measuring interval.
 */
public interface LinkLoad {
    /** No measurements: every link idle. */
    LinkLoad NONE = new LinkLoad() {
        @Override
        public long bps(Link link, TrafficClass c) {
            return 0;
        }

        @Override
        public long totalBps(Link link) {
            return 0;
        }
    };

    /** The rate of class {@code c} on {@code link} (in its direction, src to dst). */
    long bps(Link link, TrafficClass c);

    /** The rate of all traffic on {@code link}. */
    long totalBps(Link link);
}
