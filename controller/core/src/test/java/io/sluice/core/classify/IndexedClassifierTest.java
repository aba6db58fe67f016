package io.sluice.core.classify;

import io.sluice.core.device.Ids;
import static io.sluice.core.policy.PolicyFixtures.base;
import static io.sluice.core.policy.PolicyFixtures.cidr;
import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.core.classify.Classification.Basis;
import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PolicyFixtures.Builder;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.ConnectPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IndexedClassifierTest {
    private static final TrafficClass TR = TrafficClass.TRAINING;
    private static final TrafficClass INF = TrafficClass.INFERENCE;
    private static final TrafficClass BE = TrafficClass.BEST_EFFORT;
    private static final TrafficClass CTL = TrafficClass.CONTROL;
    private static final TrafficClass ARC = TrafficClass.ARCHIVAL;

    private static IndexedClassifier compile(Builder b) {
        try {
            return IndexedClassifier.compile(b.build());
        } catch (InvalidPolicyException e) {
            throw new AssertionError("test policy should be valid: " + e.getMessage(), e);
        }
    }

    /** A classifier of one rule "r" (TRAINING) matching {@code m}. */
    private static IndexedClassifier only(RuleMatch.Builder m) {
        return compile(base().rule(rule("r", 100, TR, m)));
    }

    /** A TCP flow 10.0.0.1:40000 -> 10.0.0.2:80, untagged, DSCP 0. */
    private static FlowKey.Builder flow() {
        return FlowKey.builder().src(ip("10.0.0.1")).dst(ip("10.0.0.2")).ipProto(6).srcPort(40000).dstPort(80);
    }

    private static Ip4Address ip(String s) {
        return Ip4Address.parse(s);
    }

    private static MacAddress mac(String s) {
        return MacAddress.parse(s);
    }

    private static ConnectPoint port(long dpid, long port) {
        return ConnectPoint.of(Ids.of(dpid), port);
    }

    private static boolean matches(IndexedClassifier c, FlowKey.Builder f) {
        return "r".equals(c.matchingRule(f.build()));
    }

    // ---- compile

    @Test
    void compileRefusesAnInvalidPolicy() {
        Policy bad = base().rule(rule("x", 100, TR, match().dscp(64), 12)).build();
        InvalidPolicyException e = catchThrowableOfType(InvalidPolicyException.class,
                () -> IndexedClassifier.compile(bad));
        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(PolicyError::field).containsExactly("rules[0].match.dscp");
    }

    @Test
    void compileRefusesOverlappingRulesOfDifferentClassesAtOnePriority() {
        Policy bad = base().rules(rule("a", 100, TR, match()), rule("b", 100, INF, match().ipProto(6))).build();
        assertThat(catchThrowableOfType(InvalidPolicyException.class, () -> IndexedClassifier.compile(bad)))
                .isNotNull();
    }

    @Test
    void keepsThePolicy() {
        Policy p = base().rule(rule("r", 1, TR, match())).build();
        assertThat(compile(base().rule(rule("r", 1, TR, match()))).policy()).isEqualTo(p);
    }

    @Test
    void noRulesMatchesNothing() {
        IndexedClassifier c = compile(base());
        assertThat(c.matchingRule(flow().build())).isNull();
        assertThat(c.classify(flow().build(), FlowObservations.NONE).basis()).isEqualTo(Basis.DEFAULT);
    }

    @Test
    void anEmptyMatchMatchesEverything() {
        IndexedClassifier c = only(match());
        assertThat(matches(c, flow())).isTrue();
        assertThat(matches(c, flow().ipProto(17).vlan(4095).dscp(63).src(ip("255.255.255.255"))
                .dst(ip("0.0.0.0")).srcPort(0).dstPort(65535))).isTrue();
    }

    // ---- addresses

    @Test
    void sourceCidrAtItsEdges() {
        IndexedClassifier c = only(match().srcCidr(cidr("10.1.0.0/16")));
        assertThat(matches(c, flow().src(ip("10.1.0.0")))).isTrue();
        assertThat(matches(c, flow().src(ip("10.1.255.255")))).isTrue();
        assertThat(matches(c, flow().src(ip("10.0.255.255")))).isFalse();
        assertThat(matches(c, flow().src(ip("10.2.0.0")))).isFalse();
        // The destination does not count for a source prefix.
        assertThat(matches(c, flow().src(ip("10.2.0.0")).dst(ip("10.1.0.1")))).isFalse();
    }

    @Test
    void destinationCidrAtItsEdges() {
        IndexedClassifier c = only(match().dstCidr(cidr("192.168.8.0/21")));
        assertThat(matches(c, flow().dst(ip("192.168.8.0")))).isTrue();
        assertThat(matches(c, flow().dst(ip("192.168.15.255")))).isTrue();
        assertThat(matches(c, flow().dst(ip("192.168.7.255")))).isFalse();
        assertThat(matches(c, flow().dst(ip("192.168.16.0")))).isFalse();
        assertThat(matches(c, flow().src(ip("192.168.8.1")).dst(ip("10.0.0.1")))).isFalse();
    }

    @Test
    void slashZeroMatchesEveryAddress() {
        IndexedClassifier c = only(match().srcCidr(cidr("0.0.0.0/0")).dstCidr(cidr("0.0.0.0/0")));
        for (String a : new String[] {"0.0.0.0", "10.0.0.1", "127.255.255.255", "128.0.0.0", "255.255.255.255"}) {
            assertThat(matches(c, flow().src(ip(a)).dst(ip(a)))).as(a).isTrue();
        }
    }

    @Test
    void slash32MatchesExactlyOneAddress() {
        IndexedClassifier c = only(match().dstCidr(cidr("10.0.0.7/32")));
        assertThat(matches(c, flow().dst(ip("10.0.0.7")))).isTrue();
        assertThat(matches(c, flow().dst(ip("10.0.0.6")))).isFalse();
        assertThat(matches(c, flow().dst(ip("10.0.0.8")))).isFalse();
        IndexedClassifier top = only(match().srcCidr(cidr("255.255.255.255/32")));
        assertThat(matches(top, flow().src(ip("255.255.255.255")))).isTrue();
        assertThat(matches(top, flow().src(ip("255.255.255.254")))).isFalse();
    }

    @Test
    void highAddressesAndSlashOne() {
        IndexedClassifier c = only(match().srcCidr(cidr("128.0.0.0/1")));
        assertThat(matches(c, flow().src(ip("128.0.0.0")))).isTrue();
        assertThat(matches(c, flow().src(ip("255.255.255.255")))).isTrue();
        assertThat(matches(c, flow().src(ip("127.255.255.255")))).isFalse();
    }

    @Test
    void nestedPrefixesOfDifferentRulesEachMatchTheirOwnAddresses() {
        IndexedClassifier c = compile(base().rules(
                rule("host", 400, CTL, match().srcCidr(cidr("10.1.2.3/32"))),
                rule("net24", 300, INF, match().srcCidr(cidr("10.1.2.0/24"))),
                rule("net8", 200, TR, match().srcCidr(cidr("10.0.0.0/8"))),
                rule("any", 100, BE, match().srcCidr(cidr("0.0.0.0/0")))));
        assertThat(c.matchingRule(flow().src(ip("10.1.2.3")).build())).isEqualTo("host");
        assertThat(c.matchingRule(flow().src(ip("10.1.2.4")).build())).isEqualTo("net24");
        assertThat(c.matchingRule(flow().src(ip("10.1.3.3")).build())).isEqualTo("net8");
        assertThat(c.matchingRule(flow().src(ip("11.1.2.3")).build())).isEqualTo("any");
    }

    @Test
    void aBroadPrefixStillMatchesBelowANarrowerOneOfLowerPriority() {
        // The trie's deepest node for 10.1.2.3 is the /24; the /8 above it must still be in its set.
        IndexedClassifier c = compile(base().rules(
                rule("net8", 300, TR, match().srcCidr(cidr("10.0.0.0/8")).ipProto(17)),
                rule("net24", 200, INF, match().srcCidr(cidr("10.1.2.0/24")))));
        assertThat(c.matchingRule(flow().src(ip("10.1.2.3")).ipProto(17).build())).isEqualTo("net8");
        assertThat(c.matchingRule(flow().src(ip("10.1.2.3")).ipProto(6).build())).isEqualTo("net24");
    }

    // ---- protocol and ports

    @Test
    void protoMustBeEqual() {
        IndexedClassifier c = only(match().ipProto(17));
        assertThat(matches(c, flow().ipProto(17))).isTrue();
        assertThat(matches(c, flow().ipProto(6))).isFalse();
        assertThat(matches(c, flow().ipProto(0))).isFalse();
        IndexedClassifier zero = only(match().ipProto(0));
        assertThat(matches(zero, flow().ipProto(0))).isTrue();
        assertThat(matches(zero, flow().ipProto(255))).isFalse();
    }

    @Test
    void destinationPortRangeAtItsEdges() {
        IndexedClassifier c = only(match().ipProto(6).dstPorts(ports(8000, 8001)));
        assertThat(matches(c, flow().dstPort(7999))).isFalse();
        assertThat(matches(c, flow().dstPort(8000))).isTrue();
        assertThat(matches(c, flow().dstPort(8001))).isTrue();
        assertThat(matches(c, flow().dstPort(8002))).isFalse();
        // The source port is not the destination port.
        assertThat(matches(c, flow().srcPort(8000).dstPort(80))).isFalse();
    }

    @Test
    void sourcePortRangeAtItsEdges() {
        IndexedClassifier c = only(match().ipProto(17).srcPorts(ports(1024, 65535)));
        assertThat(matches(c, flow().ipProto(17).srcPort(1023))).isFalse();
        assertThat(matches(c, flow().ipProto(17).srcPort(1024))).isTrue();
        assertThat(matches(c, flow().ipProto(17).srcPort(65535))).isTrue();
    }

    @Test
    void portRangesFromZeroAndSinglePorts() {
        IndexedClassifier c = only(match().ipProto(6).srcPorts(ports(0, 0)).dstPorts(ports(65535, 65535)));
        assertThat(matches(c, flow().srcPort(0).dstPort(65535))).isTrue();
        assertThat(matches(c, flow().srcPort(1).dstPort(65535))).isFalse();
        assertThat(matches(c, flow().srcPort(0).dstPort(65534))).isFalse();
    }

    @Test
    void overlappingAndAdjacentRangesOfSeveralRules() {
        IndexedClassifier c = compile(base().rules(
                rule("a", 400, CTL, match().ipProto(6).dstPorts(ports(100, 199))),
                rule("b", 300, INF, match().ipProto(6).dstPorts(ports(150, 300))),
                rule("c", 200, TR, match().ipProto(6).dstPorts(ports(301, 301))),
                rule("d", 100, BE, match().ipProto(6).dstPorts(ports(0, 65535)))));
        int[] port = {0, 99, 100, 149, 150, 199, 200, 300, 301, 302, 65535};
        String[] want = {"d", "d", "a", "a", "a", "a", "b", "b", "c", "d", "d"};
        for (int i = 0; i < port.length; i++) {
            assertThat(c.matchingRule(flow().dstPort(port[i]).build())).as("port %d", port[i]).isEqualTo(want[i]);
        }
    }

    // ---- VLAN and DSCP

    @Test
    void vlanAbsentMatchesEveryFlow() {
        IndexedClassifier c = only(match());
        assertThat(matches(c, flow())).isTrue();
        assertThat(matches(c, flow().vlan(10))).isTrue();
        assertThat(matches(c, flow().vlan(4095))).isTrue();
    }

    @Test
    void vlanZeroMatchesOnlyUntagged() {
        IndexedClassifier c = only(match().vlan(0));
        assertThat(matches(c, flow())).isTrue();
        assertThat(matches(c, flow().vlan(0))).isTrue();
        assertThat(matches(c, flow().vlan(1))).isFalse();
        assertThat(matches(c, flow().vlan(10))).isFalse();
    }

    @Test
    void vlanTenMatchesOnlyVlanTen() {
        IndexedClassifier c = only(match().vlan(10));
        assertThat(matches(c, flow().vlan(10))).isTrue();
        assertThat(matches(c, flow())).isFalse();
        assertThat(matches(c, flow().vlan(9))).isFalse();
        assertThat(matches(c, flow().vlan(11))).isFalse();
    }

    @Test
    void vlanRulesTogether() {
        IndexedClassifier c = compile(base().rules(
                rule("v10", 300, INF, match().vlan(10)),
                rule("untagged", 200, TR, match().vlan(0)),
                rule("anyvlan", 100, BE, match())));
        assertThat(c.matchingRule(flow().vlan(10).build())).isEqualTo("v10");
        assertThat(c.matchingRule(flow().build())).isEqualTo("untagged");
        assertThat(c.matchingRule(flow().vlan(20).build())).isEqualTo("anyvlan");
    }

    @Test
    void dscpMatchesTheIncomingDscp() {
        IndexedClassifier c = only(match().dscp(46));
        assertThat(matches(c, flow().dscp(46))).isTrue();
        assertThat(matches(c, flow().dscp(0))).isFalse();
        assertThat(matches(c, flow().dscp(47))).isFalse();
        IndexedClassifier zero = only(match().dscp(0));
        assertThat(matches(zero, flow())).isTrue();
        assertThat(matches(zero, flow().dscp(63))).isFalse();
    }

    @Test
    void everyFieldSetMustMatch() {
        IndexedClassifier c = only(match().srcCidr(cidr("10.0.0.0/24")).dstCidr(cidr("10.0.0.2/32")).ipProto(6)
                .srcPorts(ports(40000, 40000)).dstPorts(ports(80, 80)).vlan(0).dscp(0));
        assertThat(matches(c, flow())).isTrue();
        assertThat(matches(c, flow().src(ip("10.0.1.1")))).isFalse();
        assertThat(matches(c, flow().dst(ip("10.0.0.3")))).isFalse();
        assertThat(matches(c, flow().ipProto(17))).isFalse();
        assertThat(matches(c, flow().srcPort(40001))).isFalse();
        assertThat(matches(c, flow().dstPort(81))).isFalse();
        assertThat(matches(c, flow().vlan(1))).isFalse();
        assertThat(matches(c, flow().dscp(1))).isFalse();
    }

    // ---- priority

    @Test
    void highestPriorityWinsWhateverTheOrderWritten() {
        IndexedClassifier c = compile(base().rules(
                rule("low", 10, BE, match().ipProto(6)),
                rule("high", 1000, TR, match().ipProto(6)),
                rule("mid", 500, INF, match().ipProto(6))));
        assertThat(c.matchingRule(flow().build())).isEqualTo("high");
        Classification k = c.classify(flow().build(), FlowObservations.NONE);
        assertThat(k.trafficClass()).isEqualTo(TR);
        assertThat(k.basis()).isEqualTo(Basis.RULE);
        assertThat(k.ruleId()).isEqualTo("high");
        assertThat(k.reason()).contains("high");
    }

    @Test
    void aSpecificLowPriorityRuleLosesToABroadHighPriorityOne() {
        IndexedClassifier c = compile(base().rules(
                rule("specific", 100, INF, match().srcCidr(cidr("10.0.0.1/32")).dstCidr(cidr("10.0.0.2/32"))
                        .ipProto(6).srcPorts(ports(40000, 40000)).dstPorts(ports(80, 80)).vlan(0).dscp(0)),
                rule("broad", 200, ARC, match().srcCidr(cidr("0.0.0.0/0")))));
        assertThat(c.matchingRule(flow().build())).isEqualTo("broad");
        assertThat(c.classify(flow().build(), FlowObservations.NONE).trafficClass()).isEqualTo(ARC);
    }

    @Test
    void equalPrioritiesGoToTheRuleWrittenFirst() {
        IndexedClassifier c = compile(base().rules(
                rule("other", 50, BE, match().ipProto(17)),
                rule("first", 50, TR, match().ipProto(6)),
                rule("second", 50, TR, match().ipProto(6).srcPorts(ports(0, 65535))),
                rule("third", 50, TR, match().dstPorts(ports(80, 80)).ipProto(6))));
        assertThat(c.matchingRule(flow().build())).isEqualTo("first");
        assertThat(c.matchingRule(flow().ipProto(17).build())).isEqualTo("other");
        IndexedClassifier reversed = compile(base().rules(
                rule("third", 50, TR, match().dstPorts(ports(80, 80)).ipProto(6)),
                rule("second", 50, TR, match()),
                rule("first", 50, TR, match().ipProto(6))));
        assertThat(reversed.matchingRule(flow().build())).isEqualTo("third");
    }

    @Test
    void priorityZeroAndMaximum() {
        IndexedClassifier c = compile(base().rules(
                rule("zero", 0, BE, match()),
                rule("max", 65535, CTL, match().ipProto(1))));
        assertThat(c.matchingRule(flow().ipProto(1).build())).isEqualTo("max");
        assertThat(c.matchingRule(flow().build())).isEqualTo("zero");
    }

    // ---- bit-set words

    /** {@code before} rules that match nothing this test sends, then one that matches. */
    private static IndexedClassifier deep(int before) {
        List<ClassificationRule> rules = new ArrayList<>();
        for (int i = 0; i < before; i++) {
            rules.add(rule("miss" + i, 10_000 - i, TR, match().ipProto(17).dstPorts(ports(i, i))));
        }
        rules.add(rule("hit", 1, BE, match().ipProto(6).dstPorts(ports(80, 80))));
        return compile(base().rules(rules));
    }

    @Test
    void findsTheFirstMatchInAnyWord() {
        for (int before : new int[] {0, 1, 62, 63, 64, 65, 127, 128, 129, 200}) {
            IndexedClassifier c = deep(before);
            assertThat(c.matchingRule(flow().build())).as("after %d rules", before).isEqualTo("hit");
            assertThat(c.matchingRule(flow().dstPort(81).build())).as("after %d rules", before).isNull();
            if (before > 0) {
                assertThat(c.matchingRule(flow().ipProto(17).dstPort(before - 1).build())).as("after %d", before)
                        .isEqualTo("miss" + (before - 1));
                assertThat(c.matchingRule(flow().ipProto(17).dstPort(0).build())).isEqualTo("miss0");
            }
        }
    }

    // ---- host groups

    @Test
    void sourceGroupByMac() {
        IndexedClassifier c = compile(base().group("gpus", "02:00:00:00:00:01", "02:00:00:00:00:02")
                .rule(rule("r", 100, TR, match().srcGroup("gpus"))));
        assertThat(matches(c, flow().srcMac(mac("02:00:00:00:00:02")))).isTrue();
        assertThat(matches(c, flow().srcMac(mac("02:00:00:00:00:03")))).isFalse();
        assertThat(matches(c, flow())).as("no MAC known").isFalse();
        assertThat(matches(c, flow().dstMac(mac("02:00:00:00:00:01")))).as("destination's MAC").isFalse();
    }

    @Test
    void sourceGroupByPrefix() {
        IndexedClassifier c = compile(base().group("gpus", "10.1.0.0/16", "10.9.9.9")
                .rule(rule("r", 100, TR, match().srcGroup("gpus"))));
        assertThat(matches(c, flow().src(ip("10.1.0.0")))).isTrue();
        assertThat(matches(c, flow().src(ip("10.1.255.255")))).isTrue();
        assertThat(matches(c, flow().src(ip("10.9.9.9")))).isTrue();
        assertThat(matches(c, flow().src(ip("10.9.9.8")))).isFalse();
        assertThat(matches(c, flow().src(ip("10.2.0.0")))).isFalse();
        assertThat(matches(c, flow().src(ip("10.2.0.0")).dst(ip("10.1.0.1")))).isFalse();
    }

    @Test
    void destinationGroupByMacOrPrefix() {
        IndexedClassifier c = compile(base().group("storage", "02:00:00:00:00:0a", "10.9.0.0/24")
                .rule(rule("r", 100, ARC, match().dstGroup("storage"))));
        assertThat(matches(c, flow().dstMac(mac("02:00:00:00:00:0a")))).isTrue();
        assertThat(matches(c, flow().dst(ip("10.9.0.200")))).isTrue();
        assertThat(matches(c, flow().dst(ip("10.9.1.0")))).isFalse();
        assertThat(matches(c, flow().srcMac(mac("02:00:00:00:00:0a")).src(ip("10.9.0.1")))).isFalse();
    }

    @Test
    void groupOnBothEnds() {
        IndexedClassifier c = compile(base().group("gpus", "02:00:00:00:00:01", "10.1.0.0/16")
                .group("storage", "10.9.0.0/24")
                .rules(rule("g2s", 200, ARC, match().srcGroup("gpus").dstGroup("storage")),
                        rule("g2g", 100, TR, match().srcGroup("gpus").dstGroup("gpus"))));
        assertThat(c.matchingRule(flow().src(ip("10.1.0.5")).dst(ip("10.9.0.5")).build())).isEqualTo("g2s");
        assertThat(c.matchingRule(flow().src(ip("10.1.0.5")).dst(ip("10.1.0.6")).build())).isEqualTo("g2g");
        assertThat(c.matchingRule(flow().src(ip("10.3.0.5")).srcMac(mac("02:00:00:00:00:01"))
                .dst(ip("10.3.0.6")).dstMac(mac("02:00:00:00:00:01")).build())).isEqualTo("g2g");
        assertThat(c.matchingRule(flow().src(ip("10.9.0.5")).dst(ip("10.1.0.6")).build())).isNull();
    }

    @Test
    void groupRulesMixedWithRulesWithoutGroups() {
        IndexedClassifier c = compile(base().group("a", "10.1.0.0/16").group("b", "10.2.0.0/16")
                .rules(rule("ga", 300, TR, match().srcGroup("a")),
                        rule("gb", 200, INF, match().srcGroup("b")),
                        rule("tcp", 100, BE, match().ipProto(6))));
        assertThat(c.matchingRule(flow().src(ip("10.1.0.1")).build())).isEqualTo("ga");
        assertThat(c.matchingRule(flow().src(ip("10.2.0.1")).build())).isEqualTo("gb");
        assertThat(c.matchingRule(flow().src(ip("10.3.0.1")).build())).isEqualTo("tcp");
        assertThat(c.matchingRule(flow().src(ip("10.3.0.1")).ipProto(17).build())).isNull();
    }

    // ---- behaviour

    private static final FlowKey UNMATCHED = flow().ipProto(17).build();

    private static IndexedClassifier elephants(long bytes, Duration d, long rate) {
        return compile(base().rule(rule("tcp", 100, INF, match().ipProto(6))).behaviour(bytes, d, rate, TR));
    }

    private static FlowObservations seen(long bytes, long millis, long rate) {
        return FlowObservations.of(bytes, Duration.ofMillis(millis), rate);
    }

    @Test
    void bytesThresholdAlone() {
        IndexedClassifier c = elephants(1_000_000, Duration.ZERO, 0);
        assertThat(c.classify(UNMATCHED, seen(999_999, 100_000, 1_000_000_000)).basis()).isEqualTo(Basis.DEFAULT);
        Classification k = c.classify(UNMATCHED, seen(1_000_000, 0, 0));
        assertThat(k.basis()).isEqualTo(Basis.BEHAVIOUR);
        assertThat(k.trafficClass()).isEqualTo(TR);
        assertThat(k.ruleId()).isNull();
        assertThat(k.reason()).contains("1000000");
    }

    @Test
    void durationThresholdAlone() {
        IndexedClassifier c = elephants(0, Duration.ofSeconds(10), 0);
        assertThat(c.classify(UNMATCHED, seen(Long.MAX_VALUE, 9_999, Long.MAX_VALUE)).basis())
                .isEqualTo(Basis.DEFAULT);
        Classification k = c.classify(UNMATCHED, seen(0, 10_000, 0));
        assertThat(k.basis()).isEqualTo(Basis.BEHAVIOUR);
        assertThat(k.trafficClass()).isEqualTo(TR);
        assertThat(k.reason()).contains("10000");
    }

    @Test
    void durationThresholdCountsBelowAMillisecond() {
        IndexedClassifier c = elephants(0, Duration.ofMillis(10), 0);
        assertThat(c.classify(UNMATCHED, FlowObservations.of(0, Duration.ofMillis(10).minusNanos(1), 0)).basis())
                .isEqualTo(Basis.DEFAULT);
        IndexedClassifier fine = elephants(0, Duration.ofSeconds(1).plusNanos(1), 0);
        assertThat(fine.classify(UNMATCHED, seen(0, 1000, 0)).basis()).isEqualTo(Basis.DEFAULT);
        assertThat(fine.classify(UNMATCHED, FlowObservations.of(0, Duration.ofSeconds(1).plusNanos(1), 0)).basis())
                .isEqualTo(Basis.BEHAVIOUR);
    }

    @Test
    void rateThresholdAlone() {
        IndexedClassifier c = elephants(0, Duration.ZERO, 5_000_000);
        assertThat(c.classify(UNMATCHED, seen(Long.MAX_VALUE, 1_000_000, 4_999_999)).basis())
                .isEqualTo(Basis.DEFAULT);
        Classification k = c.classify(UNMATCHED, seen(0, 0, 5_000_000));
        assertThat(k.basis()).isEqualTo(Basis.BEHAVIOUR);
        assertThat(k.reason()).contains("5000000");
    }

    @Test
    void everyThresholdSetMustBeReached() {
        IndexedClassifier c = elephants(1000, Duration.ofSeconds(1), 8000);
        assertThat(c.classify(UNMATCHED, seen(1000, 1000, 8000)).basis()).isEqualTo(Basis.BEHAVIOUR);
        assertThat(c.classify(UNMATCHED, seen(999, 1000, 8000)).basis()).isEqualTo(Basis.DEFAULT);
        assertThat(c.classify(UNMATCHED, seen(1000, 999, 8000)).basis()).isEqualTo(Basis.DEFAULT);
        assertThat(c.classify(UNMATCHED, seen(1000, 1000, 7999)).basis()).isEqualTo(Basis.DEFAULT);
        Classification k = c.classify(UNMATCHED, seen(5000, 2000, 9000));
        assertThat(k.reason()).contains("5000").contains("1000").contains("2000").contains("9000")
                .contains("8000");
    }

    @Test
    void behaviourOffNeverReclassifies() {
        IndexedClassifier c = compile(base());
        assertThat(c.classify(UNMATCHED, seen(Long.MAX_VALUE, Long.MAX_VALUE / 2, Long.MAX_VALUE)).basis())
                .isEqualTo(Basis.DEFAULT);
    }

    @Test
    void aRuleBeatsBehaviour() {
        IndexedClassifier c = elephants(1, Duration.ZERO, 0);
        Classification k = c.classify(flow().build(), seen(1_000_000_000L, 100_000, 1_000_000_000L));
        assertThat(k.basis()).isEqualTo(Basis.RULE);
        assertThat(k.trafficClass()).isEqualTo(INF);
        assertThat(k.ruleId()).isEqualTo("tcp");
    }

    // ---- trusted DSCP

    private static IndexedClassifier trusting(String... entries) {
        return compile(base().rule(rule("tcp", 100, INF, match().ipProto(6))).trust(entries));
    }

    @Test
    void trustedDscpOnlyAtTrustedPorts() {
        IndexedClassifier c = trusting("00:00:00:00:00:00:00:01/3");
        FlowKey.Builder marked = flow().ipProto(17).dscp(26);
        Classification k = c.classify(marked.ingress(port(1, 3)).build(), FlowObservations.NONE);
        assertThat(k.basis()).isEqualTo(Basis.TRUSTED_DSCP);
        assertThat(k.trafficClass()).isEqualTo(TR);
        assertThat(k.reason()).contains("26");
        assertThat(c.classify(marked.ingress(port(1, 4)).build(), FlowObservations.NONE).basis())
                .isEqualTo(Basis.DEFAULT);
        assertThat(c.classify(marked.ingress(port(2, 3)).build(), FlowObservations.NONE).basis())
                .isEqualTo(Basis.DEFAULT);
        assertThat(c.classify(marked.ingress(null).build(), FlowObservations.NONE).basis())
                .isEqualTo(Basis.DEFAULT);
    }

    @Test
    void trustEverySwitchPortOrEverywhere() {
        IndexedClassifier sw = trusting("00:00:00:00:00:00:00:01/*");
        FlowKey.Builder marked = flow().ipProto(17).dscp(46);
        assertThat(sw.classify(marked.ingress(port(1, 77)).build(), FlowObservations.NONE).trafficClass())
                .isEqualTo(INF);
        assertThat(sw.classify(marked.ingress(port(2, 77)).build(), FlowObservations.NONE).basis())
                .isEqualTo(Basis.DEFAULT);
        IndexedClassifier all = trusting("*");
        Classification k = all.classify(marked.ingress(port(9, 1)).build(), FlowObservations.NONE);
        assertThat(k.basis()).isEqualTo(Basis.TRUSTED_DSCP);
        assertThat(k.trafficClass()).isEqualTo(INF);
    }

    @Test
    void trustedDscpMustBeAClasssDscp() {
        IndexedClassifier c = trusting("*");
        Classification k = c.classify(flow().ipProto(17).dscp(27).ingress(port(1, 1)).build(), FlowObservations.NONE);
        assertThat(k.basis()).isEqualTo(Basis.DEFAULT);
        // DSCP 0 is "unmarked", not a claim to BEST_EFFORT: the default class decides.
        Classification unmarked = c.classify(flow().ipProto(17).dscp(0).ingress(port(1, 1)).build(),
                FlowObservations.NONE);
        assertThat(unmarked.basis()).isEqualTo(Basis.DEFAULT);
        Classification arc = c.classify(flow().ipProto(17).dscp(8).ingress(port(1, 1)).build(), FlowObservations.NONE);
        assertThat(arc.trafficClass()).isEqualTo(ARC);
    }

    @Test
    void noTrustNoDscpClassification() {
        IndexedClassifier c = trusting();
        assertThat(c.classify(flow().ipProto(17).dscp(46).ingress(port(1, 1)).build(), FlowObservations.NONE)
                .basis()).isEqualTo(Basis.DEFAULT);
    }

    @Test
    void ruleThenBehaviourThenTrustThenDefault() {
        IndexedClassifier c = compile(base().rule(rule("tcp", 100, CTL, match().ipProto(6)))
                .behaviour(1000, Duration.ZERO, 0, ARC).trust("*").defaultClass(INF));
        FlowKey tcp = flow().dscp(26).ingress(port(1, 1)).build();
        FlowKey udp = flow().ipProto(17).dscp(26).ingress(port(1, 1)).build();
        FlowKey plain = flow().ipProto(17).dscp(27).ingress(port(1, 1)).build();
        FlowObservations big = seen(1000, 0, 0);
        FlowObservations small = seen(999, 0, 0);
        assertThat(c.classify(tcp, big)).isEqualTo(Classification.byRule(CTL, "tcp"));
        assertThat(c.classify(udp, big).basis()).isEqualTo(Basis.BEHAVIOUR);
        assertThat(c.classify(udp, big).trafficClass()).isEqualTo(ARC);
        assertThat(c.classify(udp, small).basis()).isEqualTo(Basis.TRUSTED_DSCP);
        assertThat(c.classify(udp, small).trafficClass()).isEqualTo(TR);
        Classification d = c.classify(plain, small);
        assertThat(d.basis()).isEqualTo(Basis.DEFAULT);
        assertThat(d.trafficClass()).isEqualTo(INF);
        assertThat(d.ruleId()).isNull();
    }
}
