package io.sluice.core.policy.service;

import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyVersion;
import java.util.Objects;

/**
 * The policy in force, the version it was stored as, and the classifier compiled from it, taken
 * together so that one decision never mixes versions. Immutable.
 */
public final class ActivePolicy {
    private final PolicyVersion version;
    private final Policy policy;
    private final IndexedClassifier classifier;

    private ActivePolicy(PolicyVersion version, Policy policy, IndexedClassifier classifier) {
        this.version = Objects.requireNonNull(version, "version");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.classifier = Objects.requireNonNull(classifier, "classifier");
    }

    /** @param classifier compiled from {@code policy} */
    public static ActivePolicy of(PolicyVersion version, Policy policy, IndexedClassifier classifier) {
        return new ActivePolicy(version, policy, classifier);
    }

    public PolicyVersion version() {
        return version;
    }

    public Policy policy() {
        return policy;
    }

    public IndexedClassifier classifier() {
        return classifier;
    }

    @Override
    public String toString() {
        return "policy v" + version.version() + " (" + policy.rules().size() + " rules)";
    }
}
