package io.sluice.core.policy;

import java.util.List;

/** A policy change refused before anything was stored, with every reason. */
public final class PolicyRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<PolicyError> errors;

    public PolicyRejectedException(List<PolicyError> errors) {
        super("policy has " + errors.size() + " error(s)");
        this.errors = List.copyOf(errors);
    }

    public List<PolicyError> errors() {
        return errors;
    }
}
