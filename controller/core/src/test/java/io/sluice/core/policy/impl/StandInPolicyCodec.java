package io.sluice.core.policy.impl;

import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyCodec;
import io.sluice.core.policy.PolicyError;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for the real codec (module sluice-policy-codec, which depends on core and so cannot be
 * used by core's tests): a policy's "text" is a token naming it, {@code policy#3}, equal policies
 * getting the same token. Reading a token it did not write is an error at line 1, as unreadable
 * text is for the real one.
 */
public final class StandInPolicyCodec implements PolicyCodec {
    private final List<Policy> written = new ArrayList<>();

    @Override
    public synchronized ParsedPolicy read(String text) {
        if (text.startsWith("policy#")) {
            try {
                int i = Integer.parseInt(text.substring("policy#".length()));
                if (i >= 0 && i < written.size()) {
                    return ParsedPolicy.of(written.get(i), List.of());
                }
            } catch (NumberFormatException e) {
                // falls through to the error
            }
        }
        return ParsedPolicy.of(null, List.of(PolicyError.of(null, 1, "document", "not a policy the stand-in wrote")));
    }

    @Override
    public synchronized String write(Policy policy, Format format) {
        int i = written.indexOf(policy);
        if (i < 0) {
            written.add(policy);
            i = written.size() - 1;
        }
        return "policy#" + i;
    }
}
