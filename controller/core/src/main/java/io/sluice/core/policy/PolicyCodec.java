package io.sluice.core.policy;

/**
 * Reads and writes policy files. Core needs one to keep versions as text and to take policies as
 * people write them, but parses nothing itself (it has no YAML or JSON library): the standalone
 * controller and the ONOS application use {@code io.sluice.policy.codec.JacksonPolicyCodec} from
 * the {@code sluice-policy-codec} module.
 */
public interface PolicyCodec {
    /** The forms a policy is written in. */
    enum Format {
        /** What people write and read. */
        YAML,
        /** The canonical form: what stores keep, one text per policy. */
        JSON
    }

    /**
     * Reads a policy file, YAML or JSON (JSON is recognised by its opening brace), reporting every
     * problem as a {@link PolicyError} with its line; it does not validate the policy read.
     */
    ParsedPolicy read(String text);

    /** The policy in {@code format}; what {@link #read} gives back as an equal policy. */
    String write(Policy policy, Format format);
}
