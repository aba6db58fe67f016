package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.server.qos.ClassificationSwitch;

/**
 * Hands the policy in force to routing, at start and on every change, so that edge ports classify
 * by it and each class gets its queue and its kind of path. Started after the policy manager and
 * before routing is activated, so the first routes a switch gets already follow the policy. With
 * classification off, routing gets the policy with everything BEST_EFFORT instead, and again when it
 * is switched.
 */
public final class PolicyRouting implements Managed {
    private final PolicyManager policies;
    private final RouteManager routes;
    private final ClassificationSwitch classification;

    public PolicyRouting(PolicyManager policies, RouteManager routes, ClassificationSwitch classification) {
        this.policies = policies;
        this.routes = routes;
        this.classification = classification;
    }

    @Override
    public void start() {
        PolicyManager.InForce now = policies.current();
        String off = classification.isOn() ? "" : ", classification off";
        routes.policyChanged(classification.applied(now.policy()),
                "policy v" + now.version().version() + " in force at start" + off);
        policies.addListener(next -> routes.policyChanged(classification.applied(next.policy()),
                "policy v" + next.version().version()));
        classification.addListener(why -> routes.policyChanged(classification.applied(policies.current().policy()), why));
    }

    @Override
    public void stop() {
        // Nothing to undo: the rules stay on the switches until routing rewrites them.
    }
}
