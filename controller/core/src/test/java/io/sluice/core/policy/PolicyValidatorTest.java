package io.sluice.core.policy;

import static io.sluice.core.policy.PolicyFixtures.base;
import static io.sluice.core.policy.PolicyFixtures.cidr;
import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.PolicyFixtures.Builder;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolicyValidatorTest {
    private static final TrafficClass TR = TrafficClass.TRAINING;
    private static final TrafficClass INF = TrafficClass.INFERENCE;
    private static final TrafficClass BE = TrafficClass.BEST_EFFORT;

    /** A valid policy using every kind of field, to vary. */
    private static Builder valid() {
        return base()
                .group("gpus", "02:00:00:00:00:01", "10.1.0.0/16")
                .group("storage", "10.9.0.0/24")
                .rules(
                        rule("nccl", 300, TR, match().ipProto(6).dstPorts(ports(29500, 29600))
                                .srcGroup("gpus").dstGroup("gpus"), 10),
                        rule("serve", 200, INF, match().srcCidr(cidr("10.2.0.0/16")).ipProto(6)
                                .dstPorts(ports(8000, 8001)).vlan(10), 14),
                        rule("backup", 100, TrafficClass.ARCHIVAL, match().dstGroup("storage").ipProto(17)
                                .srcPorts(ports(873, 873)), 18),
                        rule("ctl", 400, TrafficClass.CONTROL, match().dscp(48).vlan(0), 22),
                        rule("sctp", 100, BE, match().ipProto(132).dstPorts(ports(1, 65535)), 26))
                .behaviour(1_000_000, Duration.ofSeconds(5), 0, TR)
                .trust("*", "00:00:00:00:00:00:00:01/*", "of:0000000000000002/3");
    }

    private static List<PolicyError> errors(Builder b) {
        return PolicyValidator.validate(b.build());
    }

    /** Asserts the only error is at {@code field}, names {@code rule} and {@code line}, and says {@code says}. */
    private static PolicyError onlyError(Builder b, String rule, int line, String field, String says) {
        List<PolicyError> errors = errors(b);
        assertThat(errors).as("errors").hasSize(1);
        PolicyError e = errors.get(0);
        assertThat(e.field()).as("field of %s", e).isEqualTo(field);
        assertThat(e.rule()).as("rule of %s", e).isEqualTo(rule);
        assertThat(e.line()).as("line of %s", e).isEqualTo(line);
        assertThat(e.message()).as("message of %s", e).containsIgnoringCase(says);
        return e;
    }

    private static List<String> fields(Builder b) {
        return errors(b).stream().map(PolicyError::field).collect(Collectors.toList());
    }

    @Test
    void aValidPolicyHasNoErrors() throws Exception {
        assertThat(errors(valid())).isEmpty();
        assertThat(errors(base())).isEmpty();
        PolicyValidator.check(valid().build());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 101})
    void inferenceHotPercentOutOfRange(int percent) {
        Policy p = valid().build().withInferenceHotPercent(percent);
        assertThat(PolicyValidator.validate(p)).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("inferenceHotPercent");
            assertThat(e.message()).contains("1-100");
        });
        assertThat(PolicyValidator.validate(valid().build().withInferenceHotPercent(100))).isEmpty();
    }

    // ---- classes

    @Test
    void missingClassProfile() {
        onlyError(valid().withoutClass(TrafficClass.ARCHIVAL), null, 0, "classes.ARCHIVAL", "missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 64, 100})
    void classDscpOutOfRange(int dscp) {
        onlyError(valid().profile(TR, dscp, 3, 40, 90), null, 0, "classes.TRAINING.dscp", "0-63");
    }

    @Test
    void classDscpNull() {
        onlyError(valid().profile(TR, null, 3, 40, 90), null, 0, "classes.TRAINING.dscp", "0-63");
    }

    @Test
    void classDscpAtTheEdgesIsFine() {
        assertThat(errors(valid().profile(TR, 63, 3, 40, 90).profile(BE, 1, 0, 10, 100))).isEmpty();
        assertThat(errors(valid().profile(BE, 0, 0, 10, 100))).isEmpty();
    }

    @Test
    void duplicateDscp() {
        PolicyError e = onlyError(valid().profile(TR, 46, 3, 40, 90), null, 0, "classes.TRAINING.dscp", "DSCP 46");
        assertThat(e.message()).contains("INFERENCE");
    }

    @Test
    void duplicateQueue() {
        PolicyError e = onlyError(valid().profile(TrafficClass.ARCHIVAL, 8, 3, 5, 50), null, 0,
                "classes.ARCHIVAL.queue", "queue 3");
        assertThat(e.message()).contains("TRAINING");
    }

    @Test
    void classWithoutQueue() {
        onlyError(valid().profile(TR, 26, null, 40, 90), null, 0, "classes.TRAINING.queue", "missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 8, 100})
    void queueOutOfRange(int queue) {
        onlyError(valid().profile(TR, 26, queue, 40, 90), null, 0, "classes.TRAINING.queue", "0-7");
    }

    @Test
    void queuesZeroToSevenAreFine() {
        assertThat(errors(valid().profile(TR, 26, 6, 40, 90))).isEmpty();
        assertThat(errors(valid().profile(TR, 26, 2, 40, 90))).isEmpty();
    }

    @Test
    void minShareNegative() {
        onlyError(valid().profile(TR, 26, 3, -1, 90), null, 0, "classes.TRAINING.minSharePercent", "0-100");
    }

    @Test
    void minShareOver100() {
        assertThat(errors(valid().profile(TR, 26, 3, 101, 100)))
                .anySatisfy(e -> {
                    assertThat(e.field()).isEqualTo("classes.TRAINING.minSharePercent");
                    assertThat(e.message()).contains("0-100");
                });
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -5, 101})
    void maxShareOutOfRange(int max) {
        onlyError(valid().profile(TR, 26, 3, 0, max), null, 0, "classes.TRAINING.maxSharePercent", "1-100");
    }

    @Test
    void sharesAtTheEdgesAreFine() {
        assertThat(errors(valid().profile(TR, 26, 3, 0, 1))).isEmpty();
        assertThat(errors(valid().profile(TR, 26, 3, 60, 60))).isEmpty();
        assertThat(errors(valid().profile(TR, 26, 3, 60, 100))).isEmpty();
    }

    @Test
    void minAboveMax() {
        onlyError(valid().profile(TR, 26, 3, 60, 50), null, 0, "classes.TRAINING.minSharePercent", "above the maximum");
    }

    @Test
    void minimumSharesOver100() {
        // 5 + 20 + 41 + 10 + 5 = 81 -> raise TRAINING by 20 to 101
        onlyError(valid().profile(TR, 26, 3, 61, 90), null, 0, "classes", "101%");
        assertThat(errors(valid().profile(TR, 26, 3, 60, 90))).isEmpty();
    }

    @Test
    void missingSchedulingOrRoute() {
        assertThat(fields(valid().profile(ClassProfile.of(TR, 26, 3, 40, 90, null, RoutePreference.SPREAD))))
                .containsExactly("classes.TRAINING.scheduling");
        assertThat(fields(valid().profile(ClassProfile.of(TR, 26, 3, 40, 90, Scheduling.WEIGHTED, null))))
                .containsExactly("classes.TRAINING.route");
    }

    // ---- host groups

    @Test
    void hostGroupWithoutMembers() {
        onlyError(valid().group("empty"), null, 0, "hostGroups.empty", "no members");
    }

    @Test
    void hostGroupOfOnlyMacsOrOnlyPrefixesIsFine() {
        assertThat(errors(valid().group("m", "02:00:00:00:00:09").group("p", "10.7.0.0/16"))).isEmpty();
    }

    // ---- rules

    @Test
    void ruleWithoutId() {
        onlyError(valid().rule(rule("", 50, BE, match().ipProto(1), 40)), null, 40, "rules[5].id", "needs an id");
        onlyError(valid().rule(rule("  ", 50, BE, match().ipProto(1), 40)), null, 40, "rules[5].id", "needs an id");
    }

    @Test
    void duplicateRuleId() {
        PolicyError e = onlyError(valid().rule(rule("serve", 50, BE, match().ipProto(1), 40)), "serve", 40,
                "rules[5].id", "duplicate");
        assertThat(e.message()).contains("line 14");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 65536, Integer.MAX_VALUE})
    void priorityOutOfRange(int priority) {
        onlyError(valid().rule(rule("p", priority, BE, match().ipProto(1), 40)), "p", 40, "rules[5].priority",
                "0-65535");
    }

    @Test
    void priorityAtTheEdgesIsFine() {
        assertThat(errors(valid().rules(rule("lo", 0, BE, match().ipProto(1)),
                rule("hi", 65535, BE, match().ipProto(2))))).isEmpty();
    }

    @Test
    void ruleWithoutClass() {
        onlyError(valid().rule(rule("noclass", 50, null, match().ipProto(1), 40)), "noclass", 40, "rules[5].class",
                "missing");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 256, 1000})
    void protoOutOfRange(int proto) {
        onlyError(valid().rule(rule("proto", 50, BE, match().ipProto(proto), 40)), "proto", 40,
                "rules[5].match.proto", "0-255");
    }

    @Test
    void protoAtTheEdgesIsFine() {
        assertThat(errors(valid().rules(rule("p0", 50, BE, match().ipProto(0)),
                rule("p255", 50, BE, match().ipProto(255))))).isEmpty();
    }

    @Test
    void portsWithoutProto() {
        onlyError(valid().rule(rule("noproto", 50, BE, match().dstPorts(ports(80, 80)), 40)), "noproto", 40,
                "rules[5].match.dstPorts", "tcp, udp or sctp");
        onlyError(valid().rule(rule("noproto", 50, BE, match().srcPorts(ports(80, 80)), 40)), "noproto", 40,
                "rules[5].match.srcPorts", "tcp, udp or sctp");
    }

    @Test
    void portsWithAPortlessProto() {
        onlyError(valid().rule(rule("icmp", 50, BE, match().ipProto(1).dstPorts(ports(80, 80)), 40)), "icmp", 40,
                "rules[5].match.dstPorts", "tcp, udp or sctp");
        assertThat(fields(valid().rule(rule("gre", 50, BE, match().ipProto(47).srcPorts(ports(1, 2))
                .dstPorts(ports(3, 4)), 40)))).containsExactly("rules[5].match.srcPorts", "rules[5].match.dstPorts");
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 17, 132})
    void portsWithTcpUdpOrSctpAreFine(int proto) {
        assertThat(errors(valid().rule(rule("ok", 50, BE, match().ipProto(proto).srcPorts(ports(1, 2))
                .dstPorts(ports(3, 4)), 40)))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 4096, 65535})
    void vlanOutOfRange(int vlan) {
        onlyError(valid().rule(rule("v", 50, BE, match().vlan(vlan), 40)), "v", 40, "rules[5].match.vlan", "4095");
    }

    @Test
    void vlanZeroAndMaxAreFine() {
        assertThat(errors(valid().rules(rule("v0", 50, BE, match().vlan(0)), rule("v4095", 50, BE,
                match().vlan(4095))))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 64})
    void matchDscpOutOfRange(int dscp) {
        onlyError(valid().rule(rule("d", 50, BE, match().dscp(dscp), 40)), "d", 40, "rules[5].match.dscp", "0-63");
    }

    @Test
    void matchDscpErrorNamesItsRuleAndIndex() {
        // The brief's example field: the third rule.
        Builder b = base().rules(rule("a", 10, BE, match().ipProto(6)), rule("b", 10, BE, match().ipProto(17)),
                rule("c", 10, BE, match().dscp(99), 7));
        onlyError(b, "c", 7, "rules[2].match.dscp", "got 99");
    }

    @Test
    void unknownSourceGroup() {
        PolicyError e = onlyError(valid().rule(rule("g", 50, BE, match().srcGroup("nope"), 40)), "g", 40,
                "rules[5].match.srcGroup", "unknown host group 'nope'");
        assertThat(e.message()).contains("gpus").contains("storage");
    }

    @Test
    void unknownDestinationGroup() {
        onlyError(valid().rule(rule("g", 50, BE, match().dstGroup("nope"), 40)), "g", 40, "rules[5].match.dstGroup",
                "unknown host group 'nope'");
        onlyError(base().rule(rule("g", 50, BE, match().dstGroup("nope"), 3)), "g", 3, "rules[0].match.dstGroup",
                "defines none");
    }

    // ---- overlaps

    private static Builder twoRules(RuleMatch.Builder a, TrafficClass ca, int pa, RuleMatch.Builder b,
            TrafficClass cb, int pb) {
        return base().group("g1", "02:00:00:00:00:01", "10.1.0.0/16")
                .group("g2", "02:00:00:00:00:02", "10.2.0.0/16")
                .group("g1mac", "02:00:00:00:00:01")
                .group("g1net", "10.1.128.0/17")
                .group("n1", "10.1.0.0/16")
                .group("n2", "10.2.0.0/16")
                .rules(rule("first", pa, ca, a, 5), rule("second", pb, cb, b, 9));
    }

    private static void overlapFlagged(RuleMatch.Builder a, RuleMatch.Builder b) {
        PolicyError e = onlyError(twoRules(a, TR, 100, b, INF, 100), "second", 9, "rules[1].priority",
                "same priority 100");
        assertThat(e.message()).contains("'first'").contains("line 5").contains("TRAINING").contains("INFERENCE");
    }

    private static void overlapNotFlagged(RuleMatch.Builder a, RuleMatch.Builder b) {
        assertThat(errors(twoRules(a, TR, 100, b, INF, 100))).isEmpty();
    }

    @Test
    void overlappingRulesAtTheSamePriorityWithDifferentClasses() {
        overlapFlagged(match().ipProto(6), match().ipProto(6).dstPorts(ports(80, 80)));
        overlapFlagged(match(), match().dscp(10));
        overlapFlagged(match().srcCidr(cidr("10.0.0.0/8")), match().srcCidr(cidr("10.1.2.3/32")));
        overlapFlagged(match().ipProto(17).dstPorts(ports(1000, 2000)), match().ipProto(17).dstPorts(ports(2000, 3000)));
        overlapFlagged(match().vlan(10), match());
        overlapFlagged(match().vlan(0), match().dstCidr(cidr("0.0.0.0/0")));
        overlapFlagged(match().srcGroup("g1"), match().srcGroup("g1"));
        overlapFlagged(match().srcGroup("g1"), match().srcGroup("g1mac"));
        overlapFlagged(match().dstGroup("g1"), match().dstGroup("g1net"));
        overlapFlagged(match().srcGroup("g1"), match().srcCidr(cidr("10.1.5.0/24")));
        overlapFlagged(match().srcGroup("g1"), match().srcCidr(cidr("10.0.0.0/8")));
        // A host named by its MAC may have any address: it may be in another group's range or a CIDR.
        overlapFlagged(match().srcGroup("g1mac"), match().srcGroup("n2"));
        overlapFlagged(match().srcGroup("g1mac"), match().srcCidr(cidr("10.9.0.0/16")));
        overlapFlagged(match().srcGroup("g1"), match().srcGroup("g2"));
    }

    @Test
    void overlapsNotFlaggedForTheSameClass() {
        assertThat(errors(twoRules(match(), TR, 100, match().ipProto(6), TR, 100))).isEmpty();
    }

    @Test
    void overlapsNotFlaggedAtDifferentPriorities() {
        assertThat(errors(twoRules(match(), TR, 100, match().ipProto(6), INF, 101))).isEmpty();
    }

    @Test
    void disjointMatchesNotFlagged() {
        overlapNotFlagged(match().ipProto(6).dstPorts(ports(80, 80)), match().ipProto(6).dstPorts(ports(81, 90)));
        overlapNotFlagged(match().ipProto(6).srcPorts(ports(0, 1023)), match().ipProto(6).srcPorts(ports(1024, 65535)));
        overlapNotFlagged(match().srcCidr(cidr("10.0.0.0/8")), match().srcCidr(cidr("11.0.0.0/8")));
        overlapNotFlagged(match().dstCidr(cidr("10.1.2.0/24")), match().dstCidr(cidr("10.1.3.0/24")));
        overlapNotFlagged(match().vlan(10), match().vlan(20));
        overlapNotFlagged(match().vlan(0), match().vlan(10));
        overlapNotFlagged(match().ipProto(6), match().ipProto(17));
        overlapNotFlagged(match().dscp(10), match().dscp(12));
        overlapNotFlagged(match().srcGroup("n1"), match().srcGroup("n2"));
        overlapNotFlagged(match().dstGroup("n1"), match().dstGroup("n2"));
        overlapNotFlagged(match().srcGroup("n1"), match().srcCidr(cidr("10.2.0.0/16")));
        overlapNotFlagged(match().srcGroup("g1net"), match().srcCidr(cidr("10.1.0.0/17")));
    }

    @Test
    void overlapNeedsEveryFieldToOverlap() {
        // Same source, disjoint destinations.
        overlapNotFlagged(match().srcCidr(cidr("10.0.0.0/8")).dstCidr(cidr("10.1.0.0/16")),
                match().srcCidr(cidr("10.0.0.0/8")).dstCidr(cidr("10.2.0.0/16")));
        // Same ports, different VLANs.
        overlapNotFlagged(match().ipProto(6).dstPorts(ports(80, 80)).vlan(1),
                match().ipProto(6).dstPorts(ports(80, 80)).vlan(2));
    }

    @Test
    void everyOverlappingPairIsReported() {
        Builder b = base().rules(rule("a", 10, TR, match(), 1), rule("b", 10, INF, match().ipProto(6), 2),
                rule("c", 10, BE, match().ipProto(6), 3));
        assertThat(errors(b)).extracting(PolicyError::rule).containsExactly("b", "c", "c");
    }

    /**
     * Rule "wide" says srcGroup macs; rule "narrow" says srcGroup macs and srcCidr 10.0.0.0/8. A flow
     * from the group's MAC with a 10.x address matches both (the classifier agrees), yet the two
     * have the same priority and different classes.
     */
    @Test
    void overlapOfAMacOnlyGroupWithTheSameGroupNarrowedByCidr() throws Exception {
        RuleMatch.Builder wide = match().srcGroup("macs");
        RuleMatch.Builder narrow = match().srcGroup("macs").srcCidr(cidr("10.0.0.0/8"));
        FlowKey flow = FlowKey.builder().srcMac(MacAddress.parse("02:00:00:00:00:01")).src(Ip4Address.parse("10.0.0.5"))
                .dst(Ip4Address.parse("10.0.0.6")).build();
        // Both rules match the flow: whichever has the higher priority classifies it.
        for (int narrowPriority : new int[] {99, 101}) {
            IndexedClassifier c = IndexedClassifier.compile(base().group("macs", "02:00:00:00:00:01")
                    .rules(rule("wide", 100, TR, wide), rule("narrow", narrowPriority, INF, narrow)).build());
            assertThat(c.matchingRule(flow)).isEqualTo(narrowPriority > 100 ? "narrow" : "wide");
        }
        // So at one priority, with different classes, the policy must be refused.
        Builder b = base().group("macs", "02:00:00:00:00:01")
                .rules(rule("wide", 100, TR, wide, 5), rule("narrow", 100, INF, narrow, 9));
        assertThat(errors(b)).extracting(PolicyError::field).containsExactly("rules[1].priority");
    }

    // ---- behaviour

    @Test
    void negativeBehaviourThresholds() {
        onlyError(valid().behaviour(-1, Duration.ofSeconds(5), 0, TR), null, 0, "behaviour.minBytes", "negative");
        onlyError(valid().behaviour(1000, Duration.ofSeconds(-1), 0, TR), null, 0, "behaviour.minDuration",
                "negative");
        onlyError(valid().behaviour(1000, Duration.ZERO, -1, TR), null, 0, "behaviour.minRate", "negative");
    }

    @Test
    void behaviourThresholdWithoutClass() {
        onlyError(valid().behaviour(1000, Duration.ZERO, 0, null), null, 0, "behaviour.class", "missing");
        onlyError(valid().behaviour(0, Duration.ofMillis(1), 0, null), null, 0, "behaviour.class", "missing");
        onlyError(valid().behaviour(0, Duration.ZERO, 1, null), null, 0, "behaviour.class", "missing");
    }

    @Test
    void behaviourOffNeedsNoClass() {
        assertThat(errors(valid().behaviour(BehaviourPolicy.OFF))).isEmpty();
        assertThat(errors(valid().behaviour(0, Duration.ZERO, 0, null))).isEmpty();
    }

    // ---- trust

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "/3", "zz/3", "00:00:00:00:00:00:00:01/0", "00:00:00:00:00:00:00:01/x",
        "00:00:00:00:00:00:00:01/", "00:00:00:00:00:00:00:01/-1", "**"})
    void unreadableTrustEntry(String entry) {
        onlyError(valid().trust("*", entry), null, 0, "trustDscp[1]", "");
    }

    @Test
    void readableTrustEntriesAreFine() {
        assertThat(errors(valid().trust("*", "0000000000000001/*", "dpid:0000000000000001/12",
                "00:00:00:00:00:00:00:0a/4294967040"))).isEmpty();
    }

    @Test
    void aTrustedPortBeyondThePhysicalRangeIsRefused() {
        assertThat(errors(valid().trust("00:00:00:00:00:00:00:0a/4294967295"))).singleElement()
                .satisfies(e -> assertThat(e.field()).isEqualTo("trustDscp[0]"));
    }

    // ---- default

    @Test
    void missingDefaultClass() {
        onlyError(valid().defaultClass(null), null, 0, "defaultClass", "missing");
    }

    // ---- reporting

    @Test
    void reportsEveryErrorInFileOrder() {
        Builder b = valid().defaultClass(null).profile(TR, 99, 3, 40, 90)
                .rule(rule("late", 70000, BE, match(), 50))
                .rule(rule("early", 50, BE, match().vlan(5000), 2));
        List<PolicyError> errors = errors(b);
        assertThat(errors).extracting(PolicyError::field).containsExactlyInAnyOrder("classes.TRAINING.dscp",
                "defaultClass", "rules[5].priority", "rules[6].match.vlan");
        assertThat(errors).extracting(PolicyError::line).isSorted();
        assertThat(errors.get(errors.size() - 1).rule()).isEqualTo("late");
    }

    @Test
    void checkThrowsWithEveryError() {
        Policy p = valid().defaultClass(null).withoutClass(TrafficClass.CONTROL).build();
        InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class, () -> PolicyValidator.check(p));
        assertThat(e.errors()).extracting(PolicyError::field).containsExactlyInAnyOrder("classes.CONTROL",
                "defaultClass");
        assertThat(e.getMessage()).contains("2 error(s)").contains("classes.CONTROL").contains("defaultClass");
        assertThatThrownBy(() -> PolicyValidator.check(base().defaultClass(null).build()))
                .isInstanceOf(InvalidPolicyException.class);
    }

    @Test
    void errorPrintsLineRuleAndField() {
        PolicyError e = onlyError(valid().rule(rule("d", 50, BE, match().dscp(64), 40)), "d", 40,
                "rules[5].match.dscp", "0-63");
        assertThat(e.toString()).startsWith("line 40: rule d: rules[5].match.dscp: ");
    }
}
