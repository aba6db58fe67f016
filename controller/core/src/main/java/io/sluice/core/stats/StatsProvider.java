package io.sluice.core.stats;

import io.sluice.core.device.DeviceId;
import java.util.concurrent.CompletableFuture;

/** The southbound's side of statistics: reads a switch's counters. */
public interface StatsProvider {
    /** Port, core-rule and group counters of {@code device}; fails if it is not connected. */
    CompletableFuture<SwitchCounters> read(DeviceId device);
}
