package io.sluice.bench.classify;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.DscpTrust;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RoutePreference;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Large, valid, deterministic policies and flows for classifier benchmarks. The same
 * {@code (rules, seed)} always gives the same policy, and the same {@code (policy, n, seed)} the
 * same flows.
 *
 * <p>The fabric is 10.0.0.0/8; every address a rule or host group names lies inside it. Eight host
 * groups ({@code gpu-pod-0..3}, {@code storage-0..1}, {@code serving}, {@code mgmt}) hold 2-6
 * prefixes of /20-/28 each. Each rule is drawn independently, with a random class of the five and
 * a distinct priority (a random permutation of 10000 .. 10000 + rules - 1, so no two rules tie and
 * the policy is valid whatever overlaps); its kind is kept as the rule's comment:
 * <ul>
 * <li>50 % {@code port}: TCP (70 %) or UDP (30 %), one port (70 %) or a range of 2-64 ports
 * (30 %), starting anywhere in 1024-60000; the destination port (90 %) or the source port (10 %);
 * 40 % of them also name a destination prefix of /16-/28.
 * <li>20 % {@code prefix}: a destination prefix (50 %), a source prefix (25 %) or both (25 %),
 * each of a length drawn uniformly from /12-/32; no protocol.
 * <li>10 % {@code vlan}: a VLAN id in 2-4094; 30 % also a destination prefix of /16-/24.
 * <li>10 % {@code dscp}: a non-zero marking (AF/EF/CS values); half also a protocol (TCP or UDP),
 * half also a source prefix of /16-/24.
 * <li>10 % {@code group}: source group, destination group or both (one third each); half also
 * TCP to one destination port.
 * </ul>
 * Behaviour reclassification is on (elephant at 1 GiB and 30 s: TRAINING) so that a miss takes the
 * classifier's full fall-through path; host DSCP is trusted nowhere; the default class is
 * BEST_EFFORT.
 *
 * <p>{@link #flows} gives about half hits and half misses, shuffled. A hit is built from the
 * fields of a rule picked at random (an address inside its prefix or group, a port inside its
 * range, its VLAN and DSCP, random values elsewhere); it matches that rule, and a higher-priority
 * rule may win. A miss comes from outside the fabric (172.16.0.0/12), untagged, DSCP 0, TCP (60 %),
 * UDP (35 %) or ICMP (5 %), to a port drawn from 1024-65535 and retried until no rule matches:
 * it ends at the default class.
 */
public final class SyntheticPolicies {
    /** The usual number of flows cycled through: a power of two, so a cursor can wrap with a mask. */
    public static final int FLOWS = 4096;

    private static final int FABRIC = 0x0A000000; // 10.0.0.0/8
    private static final int OUTSIDE = 0xAC100000; // 172.16.0.0/12
    private static final int FIRST_PRIORITY = 10000;
    private static final int[] MARKINGS = {10, 12, 14, 18, 20, 22, 26, 28, 30, 34, 36, 38, 40, 46, 56};
    private static final String[] GROUPS = {"gpu-pod-0", "gpu-pod-1", "gpu-pod-2", "gpu-pod-3", "storage-0",
        "storage-1", "serving", "mgmt"};
    private static final TrafficClass[] CLASSES = TrafficClass.values();

    private SyntheticPolicies() {
    }

    /** A valid policy of {@code rules} rules in the mix the class comment describes. */
    public static Policy of(int rules, long seed) {
        if (rules < 0 || rules > 65536 - FIRST_PRIORITY) {
            throw new IllegalArgumentException("rules must be 0-" + (65536 - FIRST_PRIORITY) + ", got " + rules);
        }
        Random rnd = new Random(seed);
        Map<String, HostGroup> groups = new LinkedHashMap<>();
        for (String name : GROUPS) {
            Set<Ip4Prefix> prefixes = new HashSet<>();
            int n = 2 + rnd.nextInt(5);
            while (prefixes.size() < n) {
                prefixes.add(prefix(rnd, 20 + rnd.nextInt(9)));
            }
            groups.put(name, HostGroup.of(name, Set.of(), prefixes));
        }
        int[] priorities = new int[rules];
        for (int i = 0; i < rules; i++) {
            priorities[i] = FIRST_PRIORITY + i;
        }
        for (int i = rules - 1; i > 0; i--) { // Fisher-Yates
            int j = rnd.nextInt(i + 1);
            int t = priorities[i];
            priorities[i] = priorities[j];
            priorities[j] = t;
        }
        List<ClassificationRule> out = new ArrayList<>(rules);
        for (int i = 0; i < rules; i++) {
            RuleMatch.Builder b = RuleMatch.builder();
            String kind = match(rnd, b);
            out.add(ClassificationRule.of("r" + i, priorities[i], b.build(), CLASSES[rnd.nextInt(CLASSES.length)],
                    kind, 0));
        }
        return Policy.of(classes(), groups, out,
                BehaviourPolicy.of(1L << 30, Duration.ofSeconds(30), 0, TrafficClass.TRAINING), DscpTrust.NONE,
                TrafficClass.BEST_EFFORT);
    }

    /** The five classes, numbered as in the default policy's spirit: distinct DSCPs and queues. */
    public static Map<TrafficClass, ClassProfile> classes() {
        Map<TrafficClass, ClassProfile> c = new EnumMap<>(TrafficClass.class);
        c.put(TrafficClass.CONTROL, ClassProfile.of(TrafficClass.CONTROL, 48, 0, 5, 10, Scheduling.STRICT,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.INFERENCE, ClassProfile.of(TrafficClass.INFERENCE, 34, 1, 20, 60, Scheduling.STRICT,
                RoutePreference.LOWEST_LATENCY));
        c.put(TrafficClass.TRAINING, ClassProfile.of(TrafficClass.TRAINING, 26, 2, 40, 100, Scheduling.WEIGHTED,
                RoutePreference.SPREAD));
        c.put(TrafficClass.BEST_EFFORT, ClassProfile.of(TrafficClass.BEST_EFFORT, 0, 3, 10, 100,
                Scheduling.WEIGHTED, RoutePreference.SHORTEST));
        c.put(TrafficClass.ARCHIVAL, ClassProfile.of(TrafficClass.ARCHIVAL, 8, 4, 5, 100, Scheduling.SCAVENGER,
                RoutePreference.LEAST_UTILISED));
        return c;
    }

    /** Fills {@code b} with one rule's match; returns its kind. */
    private static String match(Random rnd, RuleMatch.Builder b) {
        double u = rnd.nextDouble();
        if (u < 0.50) {
            b.ipProto(rnd.nextInt(10) < 7 ? 6 : 17);
            int from = 1024 + rnd.nextInt(60000 - 1024 + 1);
            PortRange ports = rnd.nextInt(10) < 7 ? PortRange.single(from)
                    : PortRange.of(from, Math.min(65535, from + 1 + rnd.nextInt(63)));
            if (rnd.nextInt(10) == 0) {
                b.srcPorts(ports);
            } else {
                b.dstPorts(ports);
            }
            if (rnd.nextInt(10) < 4) {
                b.dstCidr(prefix(rnd, 16 + rnd.nextInt(13)));
            }
            return "port";
        }
        if (u < 0.70) {
            int sides = rnd.nextInt(4); // 0, 1: dst; 2: src; 3: both
            if (sides != 2) {
                b.dstCidr(prefix(rnd, 12 + rnd.nextInt(21)));
            }
            if (sides >= 2) {
                b.srcCidr(prefix(rnd, 12 + rnd.nextInt(21)));
            }
            return "prefix";
        }
        if (u < 0.80) {
            b.vlan(2 + rnd.nextInt(4093));
            if (rnd.nextInt(10) < 3) {
                b.dstCidr(prefix(rnd, 16 + rnd.nextInt(9)));
            }
            return "vlan";
        }
        if (u < 0.90) {
            b.dscp(MARKINGS[rnd.nextInt(MARKINGS.length)]);
            if (rnd.nextBoolean()) {
                b.ipProto(rnd.nextBoolean() ? 6 : 17);
            }
            if (rnd.nextBoolean()) {
                b.srcCidr(prefix(rnd, 16 + rnd.nextInt(9)));
            }
            return "dscp";
        }
        int sides = rnd.nextInt(3); // 0: src; 1: dst; 2: both
        if (sides != 1) {
            b.srcGroup(GROUPS[rnd.nextInt(GROUPS.length)]);
        }
        if (sides != 0) {
            b.dstGroup(GROUPS[rnd.nextInt(GROUPS.length)]);
        }
        if (rnd.nextBoolean()) {
            b.ipProto(6).dstPorts(PortRange.single(1024 + rnd.nextInt(60000 - 1024 + 1)));
        }
        return "group";
    }

    /** A random prefix of {@code length} (8-32) inside the fabric. */
    private static Ip4Prefix prefix(Random rnd, int length) {
        int a = (FABRIC | rnd.nextInt(1 << 24)) & Ip4Prefix.mask(length);
        return Ip4Prefix.of(Ip4Address.of(a), length);
    }

    /**
     * {@code n} flows for {@code policy} (which should come from {@link #of}), about half of them
     * matching some rule and half matching none, in a shuffled order.
     *
     * @throws IllegalStateException if a flow meant to hit or miss does not
     */
    public static FlowKey[] flows(Policy policy, int n, long seed) {
        Random rnd = new Random(seed);
        List<ClassificationRule> rules = policy.rules();
        FlowKey[] out = new FlowKey[n];
        for (int i = 0; i < n; i++) {
            out[i] = !rules.isEmpty() && rnd.nextBoolean()
                    ? hit(rnd, policy, rules.get(rnd.nextInt(rules.size())))
                    : miss(rnd, policy);
        }
        return out;
    }

    private static FlowKey hit(Random rnd, Policy policy, ClassificationRule rule) {
        RuleMatch m = rule.match();
        int proto = m.ipProto() != null ? m.ipProto() : rnd.nextInt(10) < 7 ? 6 : 17;
        FlowKey.Builder f = FlowKey.builder()
                .src(address(rnd, m.srcCidr(), m.srcGroup(), policy))
                .dst(address(rnd, m.dstCidr(), m.dstGroup(), policy))
                .ipProto(proto)
                .vlan(m.vlan() != null ? m.vlan() : 0)
                .dscp(m.dscp() != null ? m.dscp() : 0);
        if (proto == 6 || proto == 17) {
            f.srcPort(m.srcPorts() != null ? inside(rnd, m.srcPorts()) : 32768 + rnd.nextInt(28232))
                    .dstPort(m.dstPorts() != null ? inside(rnd, m.dstPorts()) : 1024 + rnd.nextInt(64512));
        }
        FlowKey k = f.build();
        if (!matches(m, policy.hostGroups(), k)) {
            throw new IllegalStateException("flow " + k + " built to hit rule " + rule + " does not match it");
        }
        return k;
    }

    private static Ip4Address address(Random rnd, Ip4Prefix cidr, String group, Policy policy) {
        Ip4Prefix in = cidr;
        if (group != null) {
            // Inside one of the group's prefixes, and inside the rule's prefix too if it names one.
            List<Ip4Prefix> members = new ArrayList<>(new TreeSet<>(policy.hostGroups().get(group).prefixes()));
            List<Ip4Prefix> usable = new ArrayList<>();
            for (Ip4Prefix p : members) {
                if (cidr == null || cidr.overlaps(p)) {
                    usable.add(cidr != null && cidr.length() > p.length() ? cidr : p);
                }
            }
            if (usable.isEmpty()) {
                throw new IllegalStateException("group " + group + " has no address inside " + cidr);
            }
            in = usable.get(rnd.nextInt(usable.size()));
        }
        if (in == null) {
            return Ip4Address.of(FABRIC | rnd.nextInt(1 << 24));
        }
        return Ip4Address.of(in.address().toInt() | (rnd.nextInt() & ~Ip4Prefix.mask(in.length())));
    }

    private static int inside(Random rnd, PortRange r) {
        return r.from() + rnd.nextInt(r.to() - r.from() + 1);
    }

    private static FlowKey miss(Random rnd, Policy policy) {
        int p = rnd.nextInt(100);
        int proto = p < 60 ? 6 : p < 95 ? 17 : 1;
        Ip4Address src = Ip4Address.of(OUTSIDE | rnd.nextInt(1 << 20));
        Ip4Address dst = Ip4Address.of(OUTSIDE | rnd.nextInt(1 << 20));
        for (int attempt = 0; attempt < 10_000; attempt++) {
            FlowKey.Builder f = FlowKey.builder().src(src).dst(dst).ipProto(proto);
            if (proto != 1) {
                f.srcPort(32768 + rnd.nextInt(28232)).dstPort(1024 + rnd.nextInt(64512));
            }
            FlowKey k = f.build();
            if (policy.rules().stream().noneMatch(r -> matches(r.match(), policy.hostGroups(), k))) {
                return k;
            }
        }
        throw new IllegalStateException("no flow from " + src + " to " + dst + " misses every rule");
    }

    /** Whether {@code flow} matches {@code m}: the plain reading of the policy, one field at a time. */
    public static boolean matches(RuleMatch m, Map<String, HostGroup> groups, FlowKey flow) {
        return (m.ipProto() == null || m.ipProto() == flow.ipProto())
                && (m.srcCidr() == null || m.srcCidr().contains(flow.src()))
                && (m.dstCidr() == null || m.dstCidr().contains(flow.dst()))
                && (m.srcPorts() == null || m.srcPorts().contains(flow.srcPort()))
                && (m.dstPorts() == null || m.dstPorts().contains(flow.dstPort()))
                && (m.vlan() == null || m.vlan() == flow.vlan())
                && (m.dscp() == null || m.dscp() == flow.dscp())
                && (m.srcGroup() == null || groups.get(m.srcGroup()).contains(flow.srcMac(), flow.src()))
                && (m.dstGroup() == null || groups.get(m.dstGroup()).contains(flow.dstMac(), flow.dst()));
    }

    /** How many rules of each kind {@code policy} has, e.g. {@code {dscp=97, group=103, ...}}. */
    public static Map<String, Integer> mix(Policy policy) {
        Map<String, Integer> counts = new TreeMap<>();
        policy.rules().forEach(r -> counts.merge(r.comment(), 1, Integer::sum));
        return counts;
    }
}
