package io.sluice.core.classify;

import io.sluice.core.policy.Policy;
import java.util.Objects;

/** A policy and the classifier compiled from it, taken together so one decision never mixes versions. */
public final class PolicyInForce {
    private final Policy policy;
    private final Classifier classifier;

    private PolicyInForce(Policy policy, Classifier classifier) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    public static PolicyInForce of(Policy policy, Classifier classifier) {
        return new PolicyInForce(policy, classifier);
    }

    public Policy policy() {
        return policy;
    }

    public Classifier classifier() {
        return classifier;
    }
}
