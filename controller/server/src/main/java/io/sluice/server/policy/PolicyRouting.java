package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.route.impl.RouteManager;

/**
 * Hands the policy in force to routing, at start and on every change, so that edge ports classify
 * by it and each class gets its queue and its kind of path. Started after the policy manager and
 * before routing is activated, so the first routes a switch gets already follow the policy.
 */
public final class PolicyRouting implements Managed {
    private final PolicyManager policies;
    private final RouteManager routes;

    public PolicyRouting(PolicyManager policies, RouteManager routes) {
        this.policies = policies;
        this.routes = routes;
    }

    @Override
    public void start() {
        PolicyManager.InForce now = policies.current();
        routes.policyChanged(now.policy(), "policy v" + now.version().version() + " in force at start");
        policies.addListener(next -> routes.policyChanged(next.policy(), "policy v" + next.version().version()));
    }

    @Override
    public void stop() {
        // Nothing to undo: the rules stay on the switches until routing rewrites them.
    }
}
