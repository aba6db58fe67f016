package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.policy.impl.PolicyManager;

/**
 * Starts core's policy manager with the server (a version in force before any switch is served)
 * and closes its store when the server stops.
 */
public final class ManagedPolicies implements Managed {
    private final PolicyManager policies;

    public ManagedPolicies(PolicyManager policies) {
        this.policies = policies;
    }

    @Override
    public void start() {
        policies.activate();
    }

    @Override
    public void stop() {
        policies.deactivate();
    }
}
