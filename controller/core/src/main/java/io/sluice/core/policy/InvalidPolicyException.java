package io.sluice.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy that cannot be applied, with everything wrong with it. */
public final class InvalidPolicyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<PolicyError> errors;

    public InvalidPolicyException(List<PolicyError> errors) {
        super("policy has " + errors.size() + " error(s): "
                + errors.stream().map(PolicyError::toString).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
