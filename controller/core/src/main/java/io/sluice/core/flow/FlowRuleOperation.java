package io.sluice.core.flow;

import java.util.Objects;
import java.util.Optional;

/** One change for a southbound to make on a switch. Immutable. */
public final class FlowRuleOperation {
    /** What to do with the rule's slot. */
    public enum Type {
        /** The slot is empty: install the rule. */
        ADD,
        /** The slot holds a rule with another treatment: replace it in place (keeping its counters). */
        MODIFY,
        /** Empty the slot. */
        REMOVE
    }

    private final Type type;
    private final InstalledRule rule;
    private final FlowRule previous;

    private FlowRuleOperation(Type type, InstalledRule rule, FlowRule previous) {
        this.type = Objects.requireNonNull(type, "type");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.previous = previous;
    }

    public static FlowRuleOperation of(Type type, InstalledRule rule) {
        return new FlowRuleOperation(type, rule, null);
    }

    /**
     * Replace {@code previous} in its slot by {@code next}. A southbound needs the rule it replaces
     * to know what else goes with it (a group to add, rewrite or delete).
     */
    public static FlowRuleOperation modify(InstalledRule next, FlowRule previous) {
        if (!previous.key().equals(next.rule().key())) {
            throw new IllegalArgumentException("not the same slot: " + previous + " and " + next);
        }
        return new FlowRuleOperation(Type.MODIFY, next, previous);
    }

    public Type type() {
        return type;
    }

    public InstalledRule rule() {
        return rule;
    }

    /** For a modification made by {@link #modify}, the rule it replaces; otherwise empty. */
    public Optional<FlowRule> previous() {
        return Optional.ofNullable(previous);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FlowRuleOperation && ((FlowRuleOperation) o).type == type
                && ((FlowRuleOperation) o).rule.equals(rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, rule);
    }

    @Override
    public String toString() {
        return type + " " + rule;
    }
}
