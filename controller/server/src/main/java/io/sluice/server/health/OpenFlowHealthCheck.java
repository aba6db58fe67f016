package io.sluice.server.health;

import com.codahale.metrics.health.HealthCheck;
import io.sluice.openflow.channel.OpenFlowServer;

/** Admin-port health check: healthy while the OpenFlow listener is bound. */
public final class OpenFlowHealthCheck extends HealthCheck {
    private final OpenFlowServer server;

    public OpenFlowHealthCheck(OpenFlowServer server) {
        this.server = server;
    }

    @Override
    protected Result check() {
        return server.boundAddresses().isEmpty()
                ? Result.unhealthy("OpenFlow listener is not bound")
                : Result.healthy("listening on " + server.boundAddresses());
    }
}
