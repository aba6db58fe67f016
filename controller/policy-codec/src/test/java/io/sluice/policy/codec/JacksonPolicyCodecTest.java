package io.sluice.policy.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyCodec;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PolicyRejectedException;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.PolicyManager;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The codec as core's policy manager uses it, without Dropwizard or SQLite (as the ONOS application
 * will): the default policy as version 1 in canonical JSON, and refusals that point at file lines.
 */
class JacksonPolicyCodecTest {
    private final PolicyCodec codec = new JacksonPolicyCodec();

    @Test
    void writesWhatItReadsBackInBothFormats() {
        Policy p = DefaultPolicy.policy();
        assertThat(codec.read(codec.write(p, PolicyCodec.Format.YAML)).policy()).isEqualTo(p);
        String json = codec.write(p, PolicyCodec.Format.JSON);
        assertThat(json).startsWith("{").isEqualTo(PolicyDocument.toJson(p));
        assertThat(codec.read(json).policy()).isEqualTo(p);
        assertThatThrownBy(() -> codec.write(p, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void theDefaultPolicyIsPackagedWithTheCodec() {
        assertThat(DefaultPolicy.text()).startsWith("# Sluice default policy");
        assertThat(DefaultPolicy.policy().rule("triton")).isPresent();
    }

    @Test
    void corePolicyManagerStartsWithTheDefaultAndRefusesBadFilesWithTheirLines() throws Exception {
        InMemoryPolicyStore store = new InMemoryPolicyStore();
        PolicyManager policies = new PolicyManager(store, codec, DefaultPolicy.policy());
        policies.activate();
        assertThat(policies.current().version().version()).isEqualTo(1);
        assertThat(store.latest().orElseThrow().document()).isEqualTo(PolicyDocument.toJson(DefaultPolicy.policy()));

        // DSCP 99 for TRAINING: the validator's error gets the line of the file it is on.
        String bad = DefaultPolicy.text().replace("TRAINING:    {dscp: 26", "TRAINING:    {dscp: 99");
        assertThat(bad).isNotEqualTo(DefaultPolicy.text());
        ParsedPolicy parsed = codec.read(bad);
        assertThat(parsed.errors()).isEmpty();
        int line = lineOf(bad, "{dscp: 99");
        try {
            policies.apply(parsed, "alice", "", OptionalLong.empty(), false);
            throw new AssertionError("accepted an invalid policy");
        } catch (PolicyRejectedException e) {
            assertThat(e.errors()).extracting(PolicyError::field).contains("classes.TRAINING.dscp");
            assertThat(e.errors()).filteredOn(x -> x.field().equals("classes.TRAINING.dscp"))
                    .extracting(PolicyError::line).containsExactly(line);
        }
        assertThat(store.versions()).hasSize(1);
        policies.deactivate();
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle + " not in the text");
    }
}
