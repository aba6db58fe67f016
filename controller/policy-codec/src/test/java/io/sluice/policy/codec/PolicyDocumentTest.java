package io.sluice.policy.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PortRange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading and writing policy files: what people type, and what comes back out. */
class PolicyDocumentTest {
    private static final String CLASSES = "classes:\n"
            + "  CONTROL: {dscp: 48, queue: 0, minSharePercent: 2, maxSharePercent: 5, scheduling: STRICT, route: SHORTEST}\n"
            + "  INFERENCE: {dscp: 34, queue: 1, minSharePercent: 20, maxSharePercent: 50, scheduling: STRICT, route: LOWEST_LATENCY}\n"
            + "  TRAINING: {dscp: 26, queue: 2, minSharePercent: 40, scheduling: WEIGHTED, route: SPREAD}\n"
            + "  BEST_EFFORT: {dscp: 0, queue: 3, minSharePercent: 10, scheduling: WEIGHTED, route: SHORTEST}\n"
            + "  ARCHIVAL: {dscp: 8, queue: 4, minSharePercent: 5, scheduling: SCAVENGER, route: LEAST_UTILISED}\n";

    @Test
    void theShippedDefaultPolicyReadsWithoutErrorsAndSurvivesARoundTripThroughYamlAndJson() {
        ParsedPolicy parsed = PolicyDocument.parse(DefaultPolicy.text());
        assertThat(parsed.errors()).isEmpty();
        Policy p = parsed.policy();
        assertThat(p.rules()).hasSizeGreaterThan(15);
        assertThat(PolicyDocument.parse(PolicyDocument.toYaml(p)).policy()).isEqualTo(p);
        assertThat(p.inferenceHotPercent()).isEqualTo(50);
        assertThat(PolicyDocument.parse(PolicyDocument.toYaml(p.withInferenceHotPercent(70))).policy()
                .inferenceHotPercent()).isEqualTo(70);
        assertThat(PolicyDocument.parse(PolicyDocument.toJson(p)).policy()).isEqualTo(p);
    }

    @Test
    void macAddressesUnquotedInYamlAreMacsNotSexagesimalNumbers() {
        // YAML 1.1 reads 02:00:00:00:01:01 as a base-60 integer unless told otherwise.
        String yaml = CLASSES + "hostGroups:\n  web: [02:00:00:00:01:01, 10.0.0.0/8]\nrules: []\n";
        ParsedPolicy parsed = PolicyDocument.parse(yaml);
        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.policy().hostGroups().get("web").macs()).containsExactly(MacAddress.parse("02:00:00:00:01:01"));
        Policy back = PolicyDocument.parse(PolicyDocument.toYaml(parsed.policy())).policy();
        assertThat(back).isEqualTo(parsed.policy());
    }

    @Test
    void portsAreANumberOrARangeAndEverythingElseIsAnErrorWithItsLine() {
        String yaml = CLASSES + "rules:\n"
                + "  - {id: a, priority: 10, class: INFERENCE, match: {proto: tcp, dstPorts: 8000-8001}}\n"
                + "  - {id: b, priority: 11, class: INFERENCE, match: {proto: tcp, dstPorts: \"9000\"}}\n"
                + "  - id: c\n"
                + "    priority: 12\n"
                + "    class: INFERENCE\n"
                + "    match: {proto: tcp, dstPorts: 9-3}\n"
                + "  - {id: d, priority: high, class: NOPE, match: {proto: banana}}\n";
        ParsedPolicy parsed = PolicyDocument.parse(yaml);
        assertThat(parsed.policy().rule("a").orElseThrow().match().dstPorts()).isEqualTo(PortRange.of(8000, 8001));
        assertThat(parsed.policy().rule("b").orElseThrow().match().dstPorts()).isEqualTo(PortRange.single(9000));
        List<PolicyError> errors = parsed.errors();
        assertThat(errors).extracting(e -> e.line() + " " + e.rule() + " " + e.field()).containsExactlyInAnyOrder(
                "13 c rules[2].match.dstPorts", "14 d rules[3].priority", "14 d rules[3].class",
                "14 d rules[3].match.proto");
    }

    @Test
    void somethingThatIsNotYamlSaysWhereItBroke() {
        ParsedPolicy parsed = PolicyDocument.parse(CLASSES + "rules: [\n  {id: a\n");
        assertThat(parsed.policy()).isNull();
        assertThat(parsed.errors()).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("document");
            assertThat(e.line()).isGreaterThan(6);
            assertThat(e.message()).startsWith("not valid YAML");
        });
    }

    @Test
    void yamlTrapsAreErrorsNotSurprises() {
        String yaml = CLASSES + "rules:\n"
                + "  - {id: no, priority: 10, class: INFERENCE, match: {proto: tcp, dstPorts: 80}}\n"
                + "  - {id: b, priority: 11, class: INFERENCE, match: {proto: tcp, dstPorts: }}\n";
        assertThat(PolicyDocument.parse(yaml).errors()).extracting(PolicyError::field)
                .containsExactlyInAnyOrder("rules[0].id", "rules[1].match.dstPorts");
        ParsedPolicy twice = PolicyDocument.parse(CLASSES + "rules: []\nrules: []\n");
        assertThat(twice.policy()).isNull();
        assertThat(twice.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("rules"));
    }
}
