package io.sluice.core.route.impl;

import io.sluice.core.classify.ClassificationModeListener;
import io.sluice.core.classify.ClassificationModeService;
import io.sluice.core.policy.service.PolicyListener;
import io.sluice.core.policy.service.PolicyService;

/**
 * Hands the policy in force to routing, at start and on every change, so that edge ports classify
 * by it and each class gets its queue and its kind of path. Activated after the policy is in force
 * and before routing is activated, so the first routes a switch gets already follow the policy.
 * With classification off, routing gets the policy with everything BEST_EFFORT instead, and again
 * when it is switched.
 */
public final class PolicyRouting {
    private final PolicyService policies;
    private final RouteManager routes;
    private final ClassificationModeService classification;
    private final PolicyListener policyListener = next -> hand("policy v" + next.version().version());
    private final ClassificationModeListener modeListener = this::hand;

    public PolicyRouting(PolicyService policies, RouteManager routes, ClassificationModeService classification) {
        this.policies = policies;
        this.routes = routes;
        this.classification = classification;
    }

    public void activate() {
        String off = classification.isOn() ? "" : ", classification off";
        hand("policy v" + policies.current().version().version() + " in force at start" + off);
        policies.addListener(policyListener);
        classification.addListener(modeListener);
    }

    /**
     * Both kinds of change come here and re-read both states under one lock, so a policy change and
     * a classification switch racing each other cannot leave routing with the older combination.
     */
    private synchronized void hand(String why) {
        routes.policyChanged(classification.applied(policies.current().policy()), why);
    }

    /** Stops following changes. The rules stay on the switches until routing rewrites them. */
    public void deactivate() {
        policies.removeListener(policyListener);
        classification.removeListener(modeListener);
    }
}
