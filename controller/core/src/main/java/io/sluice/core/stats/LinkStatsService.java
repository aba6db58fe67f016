package io.sluice.core.stats;

import java.time.Duration;
import java.util.List;

/** Measured link load: the latest rate of every link, per class. */
public interface LinkStatsService extends LinkLoad {
    /** The latest rate of every link measured in the last two polls. */
    List<LinkRate> links();

    /** How often counters are read. */
    Duration interval();
}
