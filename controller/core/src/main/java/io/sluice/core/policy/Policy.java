package io.sluice.core.policy;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything that decides a flow's class: the classes' numbers, named host groups, the rules,
 * behaviour thresholds, where host DSCP is trusted, and the class of everything else. A policy may
 * be invalid; {@link PolicyValidator} says why, and only a valid one is ever applied. Immutable.
 */
public final class Policy {
    private final Map<TrafficClass, ClassProfile> classes;
    private final Map<String, HostGroup> hostGroups;
    private final List<ClassificationRule> rules;
    private final BehaviourPolicy behaviour;
    private final DscpTrust trust;
    private final TrafficClass defaultClass;
    private final int inferenceHotPercent;

    /** Inference load, in percent of a link's capacity, above which bulk classes keep off it by default. */
    public static final int DEFAULT_INFERENCE_HOT_PERCENT = 50;

    private Policy(Map<TrafficClass, ClassProfile> classes, Map<String, HostGroup> hostGroups,
            List<ClassificationRule> rules, BehaviourPolicy behaviour, DscpTrust trust, TrafficClass defaultClass,
            int inferenceHotPercent) {
        EnumMap<TrafficClass, ClassProfile> c = new EnumMap<>(TrafficClass.class);
        c.putAll(classes);
        this.classes = Collections.unmodifiableMap(c);
        this.hostGroups = Collections.unmodifiableMap(new LinkedHashMap<>(hostGroups));
        this.rules = List.copyOf(rules);
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.defaultClass = defaultClass;
        this.inferenceHotPercent = inferenceHotPercent;
    }

    /**
     * @param classes    by class; a missing class is an error the validator reports
     * @param hostGroups by name, in the order written
     * @param rules      in the order written (order does not decide: priority does)
     */
    public static Policy of(Map<TrafficClass, ClassProfile> classes, Map<String, HostGroup> hostGroups,
            List<ClassificationRule> rules, BehaviourPolicy behaviour, DscpTrust trust, TrafficClass defaultClass) {
        return new Policy(classes, hostGroups, rules, behaviour, trust, defaultClass, DEFAULT_INFERENCE_HOT_PERCENT);
    }

    public Map<TrafficClass, ClassProfile> classes() {
        return classes;
    }

    public Map<String, HostGroup> hostGroups() {
        return hostGroups;
    }

    public List<ClassificationRule> rules() {
        return rules;
    }

    public Optional<ClassificationRule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public BehaviourPolicy behaviour() {
        return behaviour;
    }

    public DscpTrust trust() {
        return trust;
    }

    /** The class of traffic nothing else decides; BEST_EFFORT in the default policy. */
    public TrafficClass defaultClass() {
        return defaultClass;
    }

    /**
     * Inference load, in percent of a link's capacity, above which a link counts as inference-hot:
     * LEAST_UTILISED classes (ARCHIVAL) keep off it while another way exists, and LOWEST_LATENCY
     * (INFERENCE) looks for a cooler one. Valid: 1-100.
     */
    public int inferenceHotPercent() {
        return inferenceHotPercent;
    }

    /** The same policy with {@code rules} instead of its rules. */
    public Policy withRules(List<ClassificationRule> newRules) {
        return new Policy(classes, hostGroups, newRules, behaviour, trust, defaultClass, inferenceHotPercent);
    }

    /** The same policy with another inference-hot threshold. */
    public Policy withInferenceHotPercent(int percent) {
        return new Policy(classes, hostGroups, rules, behaviour, trust, defaultClass, percent);
    }

    /**
     * The same classes (numbers, queues, shares, routes) with nothing that tells flows apart: no
     * rules, no behaviour thresholds, no trusted DSCP, and {@code everything} as the default class.
     * Routing on it keeps every path and marks every packet alike; it is how classification is
     * switched off (the lab's QoS-off baseline) without touching the policy in force.
     */
    public Policy withEverythingAs(TrafficClass everything) {
        return new Policy(classes, hostGroups, List.of(), BehaviourPolicy.OFF, DscpTrust.NONE,
                Objects.requireNonNull(everything, "everything"), inferenceHotPercent);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Policy)) {
            return false;
        }
        Policy p = (Policy) o;
        return classes.equals(p.classes) && hostGroups.equals(p.hostGroups) && rules.equals(p.rules)
                && behaviour.equals(p.behaviour) && trust.equals(p.trust) && defaultClass == p.defaultClass
                && inferenceHotPercent == p.inferenceHotPercent;
    }

    @Override
    public int hashCode() {
        return Objects.hash(classes, hostGroups, rules, behaviour, trust, defaultClass, inferenceHotPercent);
    }

    @Override
    public String toString() {
        return "policy: " + classes.size() + " classes, " + hostGroups.size() + " host groups, " + rules.size()
                + " rules, default " + defaultClass;
    }
}
