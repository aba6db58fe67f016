package io.sluice.core.flow;

import java.util.Objects;

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

    private FlowRuleOperation(Type type, InstalledRule rule) {
        this.type = Objects.requireNonNull(type, "type");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public static FlowRuleOperation of(Type type, InstalledRule rule) {
        return new FlowRuleOperation(type, rule);
    }

    public Type type() {
        return type;
    }

    public InstalledRule rule() {
        return rule;
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
