package io.sluice.policy.codec;

import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyCodec;
import java.util.Objects;

/**
 * Core's {@link PolicyCodec} on Jackson: policy files as {@link PolicyDocument} reads and writes
 * them (YAML or JSON, every error with its line), and canonical JSON for the store. Stateless and
 * thread-safe.
 */
public final class JacksonPolicyCodec implements PolicyCodec {

    @Override
    public ParsedPolicy read(String text) {
        return PolicyDocument.parse(Objects.requireNonNull(text, "text"));
    }

    @Override
    public String write(Policy policy, Format format) {
        switch (Objects.requireNonNull(format, "format")) {
            case YAML:
                return PolicyDocument.toYaml(policy);
            case JSON:
                return PolicyDocument.toJson(policy);
            default:
                throw new IllegalArgumentException("unknown format " + format);
        }
    }

    @Override
    public String toString() {
        return "YAML/JSON policy codec";
    }
}
