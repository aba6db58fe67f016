package io.sluice.policy.codec;

import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The default policy shipped with Sluice: {@code policy/default.yaml} at the top of the repository,
 * packaged in this module's jar, each choice commented. An empty store starts with it. Read here,
 * not validated: the policy manager refuses an invalid one.
 */
public final class DefaultPolicy {
    /** Where the file is on the class path. */
    public static final String RESOURCE = "/io/sluice/policy/codec/default.yaml";

    private DefaultPolicy() {
    }

    /** The file as shipped. */
    public static String text() {
        try (InputStream in = DefaultPolicy.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default policy " + RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default policy", e);
        }
    }

    /**
     * The file read into a policy.
     *
     * @throws IllegalStateException if it is missing or cannot be read
     */
    public static Policy policy() {
        ParsedPolicy parsed = PolicyDocument.parse(text());
        if (!parsed.errors().isEmpty() || parsed.policy() == null) {
            throw new IllegalStateException("the default policy " + RESOURCE + " cannot be read: " + parsed.errors());
        }
        return parsed.policy();
    }
}
