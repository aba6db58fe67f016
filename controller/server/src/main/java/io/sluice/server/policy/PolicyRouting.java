package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.policy.PolicyService;
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
    private final PolicyService policies;
    private final RouteManager routes;
    private final ClassificationSwitch classification;

    public PolicyRouting(PolicyService policies, RouteManager routes, ClassificationSwitch classification) {
        this.policies = policies;
        this.routes = routes;
        this.classification = classification;
    }

    @Override
    public void start() {
        String off = classification.isOn() ? "" : ", classification off";
        hand("policy v" + policies.current().version().version() + " in force at start" + off);
        policies.addListener(next -> hand("policy v" + next.version().version()));
        classification.addListener(this::hand);
    }

    /**
     * Both kinds of change come here and re-read both states under one lock, so a policy change and
     * a classification switch racing each other cannot leave routing with the older combination.
     */
    private synchronized void hand(String why) {
        routes.policyChanged(classification.applied(policies.current().policy()), why);
    }

    @Override
    public void stop() {
        // Nothing to undo: the rules stay on the switches until routing rewrites them.
    }
}
