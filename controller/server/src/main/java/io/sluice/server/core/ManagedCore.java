package io.sluice.server.core;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.SluiceCore;

/** Runs core, and the southbound it drives, with the application. */
public final class ManagedCore implements Managed {
    private final SluiceCore core;

    public ManagedCore(SluiceCore core) {
        this.core = core;
    }

    @Override
    public void start() {
        core.start();
    }

    @Override
    public void stop() {
        core.stop();
    }
}
