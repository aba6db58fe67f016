package io.sluice.server.stats;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.stats.impl.LinkStatsManager;

/** Starts polling switch counters with the controller and stops it before the switches go. */
public final class ManagedStats implements Managed {
    private final LinkStatsManager stats;

    public ManagedStats(LinkStatsManager stats) {
        this.stats = stats;
    }

    @Override
    public void start() {
        stats.activate();
    }

    @Override
    public void stop() {
        stats.deactivate();
    }
}
