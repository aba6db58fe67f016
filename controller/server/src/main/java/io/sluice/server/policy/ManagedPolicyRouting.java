package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.route.impl.PolicyRouting;

/**
 * Starts core's {@link PolicyRouting} with the server: after the policy manager, before routing
 * is activated, so the first routes a switch gets already follow the policy.
 */
public final class ManagedPolicyRouting implements Managed {
    private final PolicyRouting routing;

    public ManagedPolicyRouting(PolicyRouting routing) {
        this.routing = routing;
    }

    @Override
    public void start() {
        routing.activate();
    }

    @Override
    public void stop() {
        routing.deactivate();
    }
}
