package io.sluice.core.classify;

import io.sluice.core.policy.TrafficClass;
import java.util.Objects;

/** A flow's class and why: which rule, which observation, trusted marking, or the default. Immutable. */
public final class Classification {
    /** What decided. */
    public enum Basis {
        /** An explicit rule matched. */
        RULE,
        /** No rule matched; the flow's behaviour crossed the elephant thresholds. */
        BEHAVIOUR,
        /** No rule matched; the flow entered at a port whose DSCP is trusted and carried a class's DSCP. */
        TRUSTED_DSCP,
        /** Nothing else decided. */
        DEFAULT
    }

    private final TrafficClass trafficClass;
    private final Basis basis;
    private final String ruleId;
    private final String reason;

    private Classification(TrafficClass trafficClass, Basis basis, String ruleId, String reason) {
        this.trafficClass = Objects.requireNonNull(trafficClass, "trafficClass");
        this.basis = Objects.requireNonNull(basis, "basis");
        this.ruleId = ruleId;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public static Classification byRule(TrafficClass c, String ruleId) {
        return new Classification(c, Basis.RULE, ruleId, "rule " + ruleId);
    }

    public static Classification of(TrafficClass c, Basis basis, String reason) {
        return new Classification(c, basis, null, reason);
    }

    public TrafficClass trafficClass() {
        return trafficClass;
    }

    public Basis basis() {
        return basis;
    }

    /** The matching rule's id when {@link #basis()} is RULE, else null. */
    public String ruleId() {
        return ruleId;
    }

    /** In words, with the numbers that decided. */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Classification)) {
            return false;
        }
        Classification c = (Classification) o;
        return trafficClass == c.trafficClass && basis == c.basis && Objects.equals(ruleId, c.ruleId)
                && reason.equals(c.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(trafficClass, basis, ruleId, reason);
    }

    @Override
    public String toString() {
        return trafficClass + " (" + reason + ")";
    }
}
