package io.sluice.core.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link PolicyCodec} read from a policy file: the policy (null if the text is not even a
 * document of the format), the errors of reading it (each with its line), and where each field
 * starts, so that errors found later (the validator's) can point at lines too. Immutable.
 */
public final class ParsedPolicy {
    /** Where a field starts in the text read. */
    @FunctionalInterface
    public interface Lines {
        /** The line of {@code fieldPath} ({@code rules[3].match.dstPorts}), or of its nearest enclosing value; 0 if unknown. */
        int line(String fieldPath);
    }

    private static final Lines UNKNOWN = path -> 0;
    private final Policy policy;
    private final List<PolicyError> errors;
    private final Lines lines;

    private ParsedPolicy(Policy policy, List<PolicyError> errors, Lines lines) {
        this.policy = policy;
        this.errors = List.copyOf(errors);
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    /** A reading without line information (errors keep the lines they have). */
    public static ParsedPolicy of(Policy policy, List<PolicyError> errors) {
        return new ParsedPolicy(policy, errors, UNKNOWN);
    }

    /**
     * @param policy what could be read; may be null
     * @param errors the errors of reading (not the validator's)
     * @param lines  where each field of the text starts
     */
    public static ParsedPolicy of(Policy policy, List<PolicyError> errors, Lines lines) {
        return new ParsedPolicy(policy, errors, lines);
    }

    /** {@code found} (e.g. the validator's), each with the line of its field when it has none. */
    public List<PolicyError> locate(List<PolicyError> found) {
        List<PolicyError> out = new ArrayList<>();
        for (PolicyError e : found) {
            out.add(e.line() > 0 ? e : PolicyError.of(e.rule(), lines.line(e.field()), e.field(), e.message()));
        }
        return out;
    }

    /** What could be read; may be null. Errors of reading come with it, not the validator's. */
    public Policy policy() {
        return policy;
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
