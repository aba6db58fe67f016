package io.sluice.core.policy;

import java.util.Objects;

/**
 * One thing wrong with a policy, said so that a person can fix it: the rule (by id) or section it
 * is in, the line of the file where that starts (0 when unknown), the field, and what is wrong.
 * Immutable.
 */
public final class PolicyError {
    private final String rule;
    private final int line;
    private final String field;
    private final String message;

    private PolicyError(String rule, int line, String field, String message) {
        this.rule = rule;
        this.line = line;
        this.field = Objects.requireNonNull(field, "field");
        this.message = Objects.requireNonNull(message, "message");
    }

    /**
     * @param rule  the rule's id, or null for an error outside the rules
     * @param field where, e.g. {@code rules[3].match.dstPorts} or {@code classes.TRAINING.dscp}
     */
    public static PolicyError of(String rule, int line, String field, String message) {
        return new PolicyError(rule, line, field, message);
    }

    /** The rule's id, or null. */
    public String rule() {
        return rule;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }

    public String message() {
        return message;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PolicyError)) {
            return false;
        }
        PolicyError e = (PolicyError) o;
        return line == e.line && Objects.equals(rule, e.rule) && field.equals(e.field) && message.equals(e.message);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rule, line, field, message);
    }

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + (rule != null ? "rule " + rule + ": " : "") + field + ": "
                + message;
    }
}
