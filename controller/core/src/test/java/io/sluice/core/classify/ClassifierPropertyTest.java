package io.sluice.core.classify;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.sluice.core.classify.Classification.Basis;
import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.DscpTrust;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.PolicyValidator;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.ConnectPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link IndexedClassifier} against a plain linear scan, over random policies and flows aimed at
 * the rules' edges. Every failure names the seed that produced it.
 */
class ClassifierPropertyTest {
    private static final TrafficClass[] CLASSES = TrafficClass.values();
    private static final int[] ANCHORS = {0x0A000000, 0x0A000100, 0x0A010000, 0x0A01FFFF, 0xC0A80000, 0x00000000,
        0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0x0A0000FF};
    private static final int[] PORTS = {0, 1, 22, 53, 79, 80, 81, 443, 1023, 1024, 4791, 8000, 8080, 29500, 65534,
        65535};
    private static final int[] PROTOS = {0, 1, 6, 17, 132, 255, 47};
    private static final int[] VLANS = {1, 10, 20, 4095};
    private static final int[] DSCPS = {0, 8, 10, 26, 46, 48, 63};
    private static final MacAddress[] MACS = new MacAddress[8];
    private static final String[] TRUST = {"*", "00:00:00:00:00:00:00:01/*", "00:00:00:00:00:00:00:02/3"};
    private static final int FLOWS = 3000;

    static {
        for (int i = 0; i < MACS.length; i++) {
            MACS[i] = MacAddress.of(0x0200_0000_0000L + i);
        }
    }

    // ------------------------------------------------------------------ reference

    /** Rules by priority, highest first, equal priorities in the order written. */
    private static List<ClassificationRule> byPriority(Policy p) {
        List<ClassificationRule> sorted = new ArrayList<>(p.rules());
        sorted.sort((a, b) -> Integer.compare(b.priority(), a.priority()));
        return sorted;
    }

    private static int referenceIndex(Policy p, List<ClassificationRule> sorted, FlowKey f) {
        for (int i = 0; i < sorted.size(); i++) {
            if (matches(p, sorted.get(i).match(), f)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(Policy p, RuleMatch m, FlowKey f) {
        return (m.srcCidr() == null || inPrefix(m.srcCidr(), f.src()))
                && (m.dstCidr() == null || inPrefix(m.dstCidr(), f.dst()))
                && (m.ipProto() == null || m.ipProto() == f.ipProto())
                && (m.srcPorts() == null || (f.srcPort() >= m.srcPorts().from() && f.srcPort() <= m.srcPorts().to()))
                && (m.dstPorts() == null || (f.dstPort() >= m.dstPorts().from() && f.dstPort() <= m.dstPorts().to()))
                && (m.vlan() == null || m.vlan() == f.vlan())
                && (m.dscp() == null || m.dscp() == f.dscp())
                && (m.srcGroup() == null || inGroup(p.hostGroups().get(m.srcGroup()), f.srcMac(), f.src()))
                && (m.dstGroup() == null || inGroup(p.hostGroups().get(m.dstGroup()), f.dstMac(), f.dst()));
    }

    /** By unsigned arithmetic, independent of {@link Ip4Prefix#contains}. */
    private static boolean inPrefix(Ip4Prefix p, Ip4Address a) {
        long first = Integer.toUnsignedLong(p.address().toInt());
        long last = first + (1L << (32 - p.length())) - 1;
        long x = Integer.toUnsignedLong(a.toInt());
        return x >= first && x <= last;
    }

    private static boolean inGroup(HostGroup g, MacAddress mac, Ip4Address ip) {
        if (mac != null && g.macs().contains(mac)) {
            return true;
        }
        for (Ip4Prefix p : g.prefixes()) {
            if (inPrefix(p, ip)) {
                return true;
            }
        }
        return false;
    }

    private static Classification reference(Policy p, List<ClassificationRule> sorted, FlowKey f,
            FlowObservations seen) {
        int i = referenceIndex(p, sorted, f);
        if (i >= 0) {
            return Classification.byRule(sorted.get(i).trafficClass(), sorted.get(i).id());
        }
        BehaviourPolicy b = p.behaviour();
        boolean anySet = b.minBytes() != 0 || !b.minDuration().isZero() || b.minRateBps() != 0;
        if (anySet && seen.bytes() >= b.minBytes() && seen.duration().compareTo(b.minDuration()) >= 0
                && seen.rateBps() >= b.minRateBps()) {
            return Classification.of(b.elephantClass(), Basis.BEHAVIOUR, "");
        }
        if (f.dscp() != 0 && p.trust().trusts(f.ingress())) { // DSCP 0 is unmarked: no claim
            for (ClassProfile cp : p.classes().values()) {
                if (cp.dscp() == f.dscp()) {
                    return Classification.of(cp.trafficClass(), Basis.TRUSTED_DSCP, "");
                }
            }
        }
        return Classification.of(p.defaultClass(), Basis.DEFAULT, "");
    }

    // ------------------------------------------------------------------ generators

    private static int pick(Random rnd, int[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static Ip4Address address(Random rnd) {
        int a = pick(rnd, ANCHORS);
        int k = rnd.nextInt(33);
        int noise = k == 0 ? 0 : rnd.nextInt() >>> (32 - k);
        return Ip4Address.of(a ^ noise);
    }

    private static Ip4Prefix prefix(Random rnd) {
        int len = rnd.nextInt(33);
        return Ip4Prefix.of(Ip4Address.of(address(rnd).toInt() & Ip4Prefix.mask(len)), len);
    }

    private static PortRange portRange(Random rnd) {
        int a = rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : pick(rnd, PORTS);
        int b = rnd.nextInt(3) == 0 ? a : rnd.nextInt(4) == 0 ? rnd.nextInt(65536) : pick(rnd, PORTS);
        return PortRange.of(Math.min(a, b), Math.max(a, b));
    }

    private static Map<String, HostGroup> groups(Random rnd) {
        Map<String, HostGroup> out = new LinkedHashMap<>();
        int n = rnd.nextInt(5);
        for (int g = 0; g < n; g++) {
            Set<MacAddress> macs = new HashSet<>();
            Set<Ip4Prefix> prefixes = new HashSet<>();
            int m = rnd.nextInt(4);
            for (int i = 0; i < m; i++) {
                macs.add(MACS[rnd.nextInt(MACS.length)]);
            }
            int q = rnd.nextInt(4);
            for (int i = 0; i < q; i++) {
                Ip4Prefix pr = prefix(rnd);
                // Keep groups from taking in most of the address space.
                prefixes.add(pr.length() < 8 ? Ip4Prefix.of(pr.address(), 32) : pr);
            }
            if (macs.isEmpty() && prefixes.isEmpty()) {
                macs.add(MACS[rnd.nextInt(MACS.length)]);
            }
            out.put("g" + g, HostGroup.of("g" + g, macs, prefixes));
        }
        return out;
    }

    /** Each field present with probability {@code density}, so that rules range from broad to narrow. */
    private static RuleMatch randomMatch(Random rnd, double density, List<String> groupNames) {
        RuleMatch.Builder m = RuleMatch.builder();
        if (rnd.nextDouble() < density) {
            m.srcCidr(prefix(rnd));
        }
        if (rnd.nextDouble() < density) {
            m.dstCidr(prefix(rnd));
        }
        boolean ports = rnd.nextDouble() < density;
        if (ports) {
            m.ipProto(new int[] {6, 17, 132}[rnd.nextInt(3)]);
            if (rnd.nextBoolean()) {
                m.srcPorts(portRange(rnd));
            }
            if (rnd.nextBoolean() || !rnd.nextBoolean()) {
                m.dstPorts(portRange(rnd));
            }
        } else if (rnd.nextDouble() < density) {
            m.ipProto(rnd.nextInt(8) == 0 ? rnd.nextInt(256) : pick(rnd, PROTOS));
        }
        if (rnd.nextDouble() < density) {
            int r = rnd.nextInt(3);
            m.vlan(r == 0 ? 0 : r == 1 ? pick(rnd, VLANS) : rnd.nextInt(4096));
        }
        if (rnd.nextDouble() < density * 0.7) {
            m.dscp(rnd.nextInt(4) == 0 ? rnd.nextInt(64) : pick(rnd, DSCPS));
        }
        if (!groupNames.isEmpty() && rnd.nextDouble() < density * 0.5) {
            m.srcGroup(groupNames.get(rnd.nextInt(groupNames.size())));
        }
        if (!groupNames.isEmpty() && rnd.nextDouble() < density * 0.5) {
            m.dstGroup(groupNames.get(rnd.nextInt(groupNames.size())));
        }
        return m.build();
    }

    /**
     * A valid random policy of {@code n} rules. With {@code sharedPriorities}, few priorities are
     * used and each priority has one class (so ties are common but never conflicting); otherwise
     * priorities are distinct and classes random.
     */
    private static Policy randomPolicy(Random rnd, int n, boolean sharedPriorities) {
        Map<String, HostGroup> groups = groups(rnd);
        List<String> names = new ArrayList<>(groups.keySet());
        // Large policies of broad rules match every flow early; keep their rules narrower.
        double density = n >= 200 ? 0.55 + rnd.nextDouble() * 0.35 : 0.15 + rnd.nextDouble() * 0.6;
        List<Integer> distinct = new ArrayList<>();
        if (!sharedPriorities) {
            Set<Integer> seen = new HashSet<>();
            while (distinct.size() < n) {
                int p = rnd.nextInt(65536);
                if (seen.add(p)) {
                    distinct.add(p);
                }
            }
        }
        int levels = Math.max(1, n / (1 + rnd.nextInt(10)));
        List<ClassificationRule> rules = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int priority;
            TrafficClass c;
            if (sharedPriorities) {
                int level = rnd.nextInt(levels);
                priority = rnd.nextBoolean() ? level : 65535 - level;
                c = CLASSES[Math.floorMod(priority * 31 + 7, CLASSES.length)];
            } else {
                priority = distinct.get(i);
                c = CLASSES[rnd.nextInt(CLASSES.length)];
            }
            RuleMatch m = randomMatch(rnd, density, names);
            while (n >= 200 && fieldsSet(m) < 2) {
                m = randomMatch(rnd, density, names);
            }
            rules.add(ClassificationRule.of("r" + i, priority, m, c, "", i + 1));
        }
        BehaviourPolicy behaviour = BehaviourPolicy.OFF;
        if (rnd.nextInt(3) > 0) {
            behaviour = BehaviourPolicy.of(rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(1_000_000),
                    rnd.nextBoolean() ? Duration.ZERO : Duration.ofMillis(1 + rnd.nextInt(10_000)),
                    rnd.nextBoolean() ? 0 : 1 + rnd.nextInt(1_000_000), CLASSES[rnd.nextInt(CLASSES.length)]);
        }
        List<String> trust = new ArrayList<>();
        for (String t : TRUST) {
            if (rnd.nextInt(3) == 0) {
                trust.add(t);
            }
        }
        return Policy.of(PolicyFixtures.validClasses(), groups, rules, behaviour, DscpTrust.of(trust),
                CLASSES[rnd.nextInt(CLASSES.length)]);
    }

    private static int fieldsSet(RuleMatch m) {
        int n = 0;
        for (Object o : new Object[] {m.srcCidr(), m.dstCidr(), m.ipProto(), m.srcPorts(), m.dstPorts(), m.vlan(),
            m.dscp(), m.srcGroup(), m.dstGroup()}) {
            n += o == null ? 0 : 1;
        }
        return n;
    }

    private static int clampPort(int p) {
        return Math.max(0, Math.min(65535, p));
    }

    /** A port near {@code r}'s edges, inside it, or anywhere. */
    private static int portNear(Random rnd, PortRange r) {
        switch (rnd.nextInt(7)) {
            case 0: return r.from();
            case 1: return r.to();
            case 2: return clampPort(r.from() - 1);
            case 3: return clampPort(r.to() + 1);
            case 4: return r.from() + rnd.nextInt(r.to() - r.from() + 1);
            case 5: return pick(rnd, PORTS);
            default: return rnd.nextInt(65536);
        }
    }

    /** An address at {@code p}'s edges, just outside them, inside it, or anywhere. */
    private static Ip4Address addressNear(Random rnd, Ip4Prefix p) {
        long first = Integer.toUnsignedLong(p.address().toInt());
        long size = 1L << (32 - p.length());
        switch (rnd.nextInt(7)) {
            case 0: return Ip4Address.of((int) first);
            case 1: return Ip4Address.of((int) (first + size - 1));
            case 2: return Ip4Address.of((int) (first - 1));
            case 3: return Ip4Address.of((int) (first + size));
            case 4: return Ip4Address.of((int) (first + (long) (rnd.nextDouble() * size)));
            case 5: return Ip4Address.of(p.address().toInt() ^ (1 << rnd.nextInt(32)));
            default: return address(rnd);
        }
    }

    private static Ip4Address addressFor(Random rnd, Policy p, Ip4Prefix cidr, String group) {
        if (cidr != null && rnd.nextInt(5) > 0) {
            return addressNear(rnd, cidr);
        }
        if (group != null) {
            List<Ip4Prefix> ps = new ArrayList<>(p.hostGroups().get(group).prefixes());
            if (!ps.isEmpty() && rnd.nextInt(4) > 0) {
                return addressNear(rnd, ps.get(rnd.nextInt(ps.size())));
            }
        }
        if (!p.rules().isEmpty() && rnd.nextBoolean()) {
            // Another rule's prefix edge, so flows also straddle rules other than the target.
            RuleMatch other = p.rules().get(rnd.nextInt(p.rules().size())).match();
            Ip4Prefix o = rnd.nextBoolean() ? other.srcCidr() : other.dstCidr();
            if (o != null) {
                return addressNear(rnd, o);
            }
        }
        return address(rnd);
    }

    private static MacAddress macFor(Random rnd, Policy p, String group) {
        if (group != null && rnd.nextInt(3) > 0) {
            List<MacAddress> ms = new ArrayList<>(p.hostGroups().get(group).macs());
            if (!ms.isEmpty()) {
                return ms.get(rnd.nextInt(ms.size()));
            }
        }
        int r = rnd.nextInt(3);
        return r == 0 ? null : MACS[rnd.nextInt(MACS.length)];
    }

    /** A flow aimed at a random rule (at its edges, with some fields off), or at nothing in particular. */
    private static FlowKey randomFlow(Random rnd, Policy p) {
        return randomFlow(rnd, p, true);
    }

    private static FlowKey randomFlow(Random rnd, Policy p, boolean withMacs) {
        RuleMatch t = p.rules().isEmpty() || rnd.nextInt(6) == 0 ? RuleMatch.builder().build()
                : p.rules().get(rnd.nextInt(p.rules().size())).match();
        FlowKey.Builder f = FlowKey.builder();
        f.src(addressFor(rnd, p, t.srcCidr(), t.srcGroup()));
        f.dst(addressFor(rnd, p, t.dstCidr(), t.dstGroup()));
        MacAddress srcMac = macFor(rnd, p, t.srcGroup());
        MacAddress dstMac = macFor(rnd, p, t.dstGroup());
        f.srcMac(withMacs ? srcMac : null);
        f.dstMac(withMacs ? dstMac : null);
        f.ipProto(t.ipProto() != null && rnd.nextInt(10) > 0 ? t.ipProto()
                : rnd.nextInt(5) == 0 ? rnd.nextInt(256) : pick(rnd, PROTOS));
        f.srcPort(t.srcPorts() != null && rnd.nextInt(8) > 0 ? portNear(rnd, t.srcPorts())
                : rnd.nextBoolean() ? pick(rnd, PORTS) : rnd.nextInt(65536));
        f.dstPort(t.dstPorts() != null && rnd.nextInt(8) > 0 ? portNear(rnd, t.dstPorts())
                : rnd.nextBoolean() ? pick(rnd, PORTS) : rnd.nextInt(65536));
        int vr = rnd.nextInt(8);
        f.vlan(t.vlan() != null && vr > 1 ? t.vlan()
                : vr == 0 ? 0 : vr == 1 ? pick(rnd, VLANS) : rnd.nextBoolean() ? 0 : rnd.nextInt(4096));
        f.dscp(t.dscp() != null && rnd.nextInt(8) > 0 ? t.dscp()
                : rnd.nextBoolean() ? pick(rnd, DSCPS) : rnd.nextInt(64));
        int in = rnd.nextInt(4);
        f.ingress(in == 0 ? null : ConnectPoint.of(Ids.of(in), rnd.nextBoolean() ? 3 : 1 + rnd.nextInt(5)));
        return f.build();
    }

    private static FlowObservations randomObservations(Random rnd, BehaviourPolicy b) {
        return FlowObservations.of(near(rnd, b.minBytes()), Duration.ofMillis(near(rnd, b.minDuration().toMillis())),
                near(rnd, b.minRateBps()));
    }

    private static long near(Random rnd, long threshold) {
        switch (rnd.nextInt(4)) {
            case 0: return threshold;
            case 1: return Math.max(0, threshold - 1);
            case 2: return threshold + 1 + rnd.nextInt(1000);
            default: return (long) (rnd.nextDouble() * 2 * threshold);
        }
    }

    // ------------------------------------------------------------------ the properties

    /** Outcome counts, to check the generator really exercises matches and misses. */
    private static final class Tally {
        int matched;
        int unmatched;
        int beyondFirstWord;
        int deepest = -1;
    }

    private static Tally check(long seed, int n, boolean shared, int flows) {
        Random rnd = new Random(seed);
        Policy p = randomPolicy(rnd, n, shared);
        IndexedClassifier c;
        try {
            c = IndexedClassifier.compile(p);
        } catch (InvalidPolicyException e) {
            throw new AssertionError("seed " + seed + ", " + n + " rules: generated policy invalid: " + e.getMessage());
        }
        List<ClassificationRule> sorted = byPriority(p);
        Tally tally = new Tally();
        for (int i = 0; i < flows; i++) {
            FlowKey f = randomFlow(rnd, p);
            int want = referenceIndex(p, sorted, f);
            String wantId = want < 0 ? null : sorted.get(want).id();
            String got = c.matchingRule(f);
            if (!Objects.equals(wantId, got)) {
                fail("seed %d, %d rules (%s priorities), flow #%d %s src mac %s dst mac %s: expected %s, got %s",
                        seed, n, shared ? "shared" : "distinct", i, f, f.srcMac(), f.dstMac(),
                        want < 0 ? "no rule" : sorted.get(want),
                        got == null ? "no rule" : p.rule(got).orElseThrow());
            }
            if (want < 0) {
                tally.unmatched++;
            } else {
                tally.matched++;
                if (want >= 64) {
                    tally.beyondFirstWord++;
                }
                tally.deepest = Math.max(tally.deepest, want);
            }
            FlowObservations seen = randomObservations(rnd, p.behaviour());
            Classification w = reference(p, sorted, f, seen);
            Classification k = c.classify(f, seen);
            if (k.trafficClass() != w.trafficClass() || k.basis() != w.basis()
                    || !Objects.equals(k.ruleId(), w.ruleId())) {
                fail("seed %d, %d rules, flow #%d %s at %s seen %s with %s, trust %s: expected %s %s, got %s", seed, n,
                        i, f, f.ingress(), seen, p.behaviour(), p.trust(), w.basis(), w.trafficClass(), k);
            }
        }
        return tally;
    }

    private static void checkSize(int n, long firstSeed, int seeds, int flows) {
        Tally total = new Tally();
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
            for (boolean shared : new boolean[] {false, true}) {
                Tally t = check(seed * 1_000_003L + n, n, shared, flows);
                total.matched += t.matched;
                total.unmatched += t.unmatched;
                total.beyondFirstWord += t.beyondFirstWord;
                total.deepest = Math.max(total.deepest, t.deepest);
            }
        }
        int all = total.matched + total.unmatched;
        assertThat(total.matched).as("%d rules: flows matching some rule, of %d", n, all).isGreaterThan(all / 10);
        assertThat(total.unmatched).as("%d rules: flows matching no rule, of %d", n, all).isGreaterThan(all / 100);
        if (n > 64) {
            assertThat(total.beyondFirstWord).as("%d rules: matches past the first 64 rules", n).isGreaterThan(0);
            assertThat(total.deepest).as("%d rules: deepest match", n).isGreaterThanOrEqualTo(n * 3 / 4);
        }
    }

    @Test
    void oneRule() {
        checkSize(1, 1, 40, FLOWS);
    }

    @Test
    void twoRules() {
        checkSize(2, 1, 20, FLOWS);
    }

    @Test
    void sixtyThreeAndSixtyFourRules() {
        checkSize(63, 1, 10, FLOWS);
        checkSize(64, 1, 10, FLOWS);
    }

    @Test
    void sixtyFiveRules() {
        checkSize(65, 1, 10, FLOWS);
    }

    @Test
    void aroundTwoWords() {
        checkSize(127, 1, 5, FLOWS);
        checkSize(128, 1, 5, FLOWS);
        checkSize(129, 1, 5, FLOWS);
    }

    @Test
    void thousandRules() {
        checkSize(1000, 1, 4, FLOWS);
    }

    @Test
    void randomSizes() {
        Random sizes = new Random(42);
        for (int i = 0; i < 40; i++) {
            int n = 1 + sizes.nextInt(300);
            check(1000 + i, n, (i & 1) == 0, 1500);
        }
    }

    @Test
    void emptyPolicyAgreesOnEverythingButRules() {
        for (long seed = 1; seed <= 10; seed++) {
            Tally t = check(seed, 0, false, 500);
            assertThat(t.matched).as("seed %d", seed).isZero();
            assertThat(t.unmatched).as("seed %d", seed).isEqualTo(500);
        }
    }

    /**
     * Whenever the validator accepts a policy, no flow matches two rules of one priority that name
     * different classes. Flows here carry no MACs: the validator deliberately does not take a MAC
     * member and an address to be the same host (see PolicyValidatorTest for where that bites).
     */
    @Test
    void acceptedPoliciesNeverTieBetweenClasses() {
        int accepted = 0;
        int refused = 0;
        for (long seed = 1; seed <= 3000; seed++) {
            Random rnd = new Random(seed);
            Map<String, HostGroup> groups = groups(rnd);
            List<String> names = new ArrayList<>(groups.keySet());
            int n = 2 + rnd.nextInt(6);
            int levels = 1 + rnd.nextInt(2);
            double density = 0.4 + rnd.nextDouble() * 0.5;
            List<ClassificationRule> rules = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                rules.add(ClassificationRule.of("r" + i, 100 + rnd.nextInt(levels), randomMatch(rnd, density, names),
                        CLASSES[rnd.nextInt(2)], "", i + 1));
            }
            Policy p = Policy.of(PolicyFixtures.validClasses(), groups, rules, BehaviourPolicy.OFF, DscpTrust.NONE,
                    TrafficClass.BEST_EFFORT);
            if (!PolicyValidator.validate(p).isEmpty()) {
                refused++;
                continue;
            }
            accepted++;
            for (int i = 0; i < 300; i++) {
                FlowKey f = randomFlow(rnd, p, false);
                for (ClassificationRule r : rules) {
                    if (matches(p, r.match(), f)) {
                        for (ClassificationRule q : rules) {
                            if (q != r && q.priority() == r.priority() && q.trafficClass() != r.trafficClass()
                                    && matches(p, q.match(), f)) {
                                fail("seed %d: accepted policy, yet %s matches both %s and %s", seed, f, r, q);
                            }
                        }
                    }
                }
            }
        }
        assertThat(accepted).as("policies accepted").isGreaterThan(300);
        assertThat(refused).as("policies refused").isGreaterThan(300);
    }

    /** The reference itself, on hand-written cases, so that agreeing with it means something. */
    @Test
    void referenceMatchesHandWrittenCases() {
        Policy p = PolicyFixtures.base().group("g", "02:00:00:00:00:01", "10.1.0.0/16")
                .rules(PolicyFixtures.rule("a", 10, TrafficClass.TRAINING, PolicyFixtures.match()
                                .srcCidr(Ip4Prefix.parse("10.0.0.0/8")).ipProto(6).dstPorts(PortRange.of(80, 81))),
                        PolicyFixtures.rule("b", 20, TrafficClass.INFERENCE, PolicyFixtures.match().vlan(0)
                                .dstGroup("g")),
                        PolicyFixtures.rule("c", 20, TrafficClass.INFERENCE, PolicyFixtures.match()))
                .build();
        List<ClassificationRule> sorted = byPriority(p);
        assertThat(sorted).extracting(ClassificationRule::id).containsExactly("b", "c", "a");
        FlowKey.Builder f = FlowKey.builder().src(Ip4Address.parse("10.0.0.1")).dst(Ip4Address.parse("10.1.0.1"))
                .ipProto(6).dstPort(80);
        assertThat(referenceIndex(p, sorted, f.build())).isZero();
        assertThat(referenceIndex(p, sorted, f.vlan(5).build())).isEqualTo(1);
        assertThat(matches(p, sorted.get(2).match(), f.build())).isTrue();
        assertThat(matches(p, sorted.get(2).match(), f.dstPort(82).build())).isFalse();
        assertThat(inPrefix(Ip4Prefix.ANY, Ip4Address.parse("255.255.255.255"))).isTrue();
        assertThat(inPrefix(Ip4Prefix.parse("255.255.255.255/32"), Ip4Address.parse("255.255.255.255"))).isTrue();
        assertThat(inPrefix(Ip4Prefix.parse("128.0.0.0/1"), Ip4Address.parse("127.255.255.255"))).isFalse();
        assertThat(Arrays.asList(CLASSES)).hasSize(5);
    }
}
