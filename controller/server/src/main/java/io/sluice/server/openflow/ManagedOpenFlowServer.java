package io.sluice.server.openflow;

import io.dropwizard.lifecycle.Managed;
import io.sluice.openflow.channel.OpenFlowServer;

/** Starts the OpenFlow listener with the application and stops it, closing every session, on shutdown. */
public final class ManagedOpenFlowServer implements Managed {
    private final OpenFlowServer server;

    public ManagedOpenFlowServer(OpenFlowServer server) {
        this.server = server;
    }

    @Override
    public void start() {
        server.start();
    }

    @Override
    public void stop() {
        server.stop();
    }
}
