package io.sluice.core.classify;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyValidator;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.TrafficClass;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A policy compiled for fast decisions. Rules are put in priority order and each match field gets
 * an index from a field value to the set of rules that accept it (a bit set): a prefix trie for
 * each address, interval tables for ports, tables for protocol, VLAN and DSCP, and host-group
 * membership. A decision ANDs the sets of the flow's values word by word and stops at the first
 * word with a bit set: that bit is the highest-priority rule matching every field. The cost grows
 * with the number of rules only by the words scanned before the first match (one word per 64
 * rules), not by testing rules one by one.
 */
public final class IndexedClassifier implements Classifier {
    private static final int ANY = -1;

    private final Policy policy;
    private final ClassificationRule[] rules;
    private final int words;
    private final PrefixIndex src;
    private final PrefixIndex dst;
    private final long[][] byProto = new long[256][];
    private final RangeIndex srcPorts;
    private final RangeIndex dstPorts;
    private final Map<Integer, long[]> byVlan = new HashMap<>();
    private final long[] anyVlan;
    private final long[][] byDscp = new long[64][];
    private final GroupIndex srcGroups;
    private final GroupIndex dstGroups;
    private final Map<Integer, TrafficClass> classByDscp = new HashMap<>();

    private IndexedClassifier(Policy policy) {
        this.policy = policy;
        List<ClassificationRule> ordered = new ArrayList<>(policy.rules());
        // Highest priority first; equal priorities keep the order written (they never disagree on
        // a class: the validator refuses that).
        ordered.sort(Comparator.comparingInt(ClassificationRule::priority).reversed());
        rules = ordered.toArray(new ClassificationRule[0]);
        RuleBits bits = new RuleBits(rules.length);
        words = bits.words;
        src = new PrefixIndex(field(ordered, RuleMatch::srcCidr), bits);
        dst = new PrefixIndex(field(ordered, RuleMatch::dstCidr), bits);
        srcPorts = new RangeIndex(field(ordered, RuleMatch::srcPorts), bits);
        dstPorts = new RangeIndex(field(ordered, RuleMatch::dstPorts), bits);
        anyVlan = exact(ordered, RuleMatch::vlan, bits, byVlan, 4096);
        Map<Integer, long[]> dscps = new HashMap<>();
        long[] anyDscp = exact(ordered, RuleMatch::dscp, bits, dscps, 64);
        for (int d = 0; d < 64; d++) {
            byDscp[d] = dscps.getOrDefault(d, anyDscp);
        }
        Map<Integer, long[]> protos = new HashMap<>();
        long[] anyProto = exact(ordered, RuleMatch::ipProto, bits, protos, 256);
        for (int p = 0; p < 256; p++) {
            byProto[p] = protos.getOrDefault(p, anyProto);
        }
        srcGroups = new GroupIndex(ordered, RuleMatch::srcGroup, policy.hostGroups(), bits);
        dstGroups = new GroupIndex(ordered, RuleMatch::dstGroup, policy.hostGroups(), bits);
        policy.classes().forEach((c, profile) -> classByDscp.put(profile.dscp(), c));
    }

    /** @throws InvalidPolicyException if the policy is not valid: only valid policies classify */
    public static IndexedClassifier compile(Policy policy) throws InvalidPolicyException {
        PolicyValidator.check(policy);
        return new IndexedClassifier(policy);
    }

    public Policy policy() {
        return policy;
    }

    @Override
    public Classification classify(FlowKey flow, FlowObservations seen) {
        int rule = match(flow);
        if (rule >= 0) {
            return Classification.byRule(rules[rule].trafficClass(), rules[rule].id());
        }
        BehaviourPolicy b = policy.behaviour();
        if (b.enabled() && elephant(b, seen)) {
            return Classification.of(b.elephantClass(), Classification.Basis.BEHAVIOUR, "behaviour: elephant at "
                    + seen.bytes() + " B (>= " + b.minBytes() + "), " + seen.duration().toMillis() + " ms (>= "
                    + b.minDuration().toMillis() + "), " + seen.rateBps() + " bit/s (>= " + b.minRateBps() + ")");
        }
        TrafficClass marked = classByDscp.get(flow.dscp());
        if (marked != null && policy.trust().trusts(flow.ingress())) {
            return Classification.of(marked, Classification.Basis.TRUSTED_DSCP, "DSCP " + flow.dscp()
                    + " trusted at " + flow.ingress());
        }
        return Classification.of(policy.defaultClass(), Classification.Basis.DEFAULT,
                "no rule matched: the default class");
    }

    @Override
    public String matchingRule(FlowKey flow) {
        int rule = match(flow);
        return rule < 0 ? null : rules[rule].id();
    }

    /** The index (in priority order) of the first rule matching, or -1. */
    private int match(FlowKey flow) {
        if (rules.length == 0) {
            return -1;
        }
        long[] s = src.lookup(flow.src());
        long[] d = dst.lookup(flow.dst());
        long[] pr = byProto[flow.ipProto()];
        long[] sp = srcPorts.lookup(flow.srcPort());
        long[] dp = dstPorts.lookup(flow.dstPort());
        long[] vl = byVlan.getOrDefault(flow.vlan(), anyVlan);
        long[] ds = byDscp[flow.dscp()];
        int[] sg = srcGroups.groupsOf(flow.srcMac(), flow.src());
        int[] dg = dstGroups.groupsOf(flow.dstMac(), flow.dst());
        for (int w = 0; w < words; w++) {
            long x = s[w] & d[w] & pr[w] & sp[w] & dp[w] & vl[w] & ds[w];
            if (x != 0) {
                x &= srcGroups.word(sg, w) & dstGroups.word(dg, w);
                if (x != 0) {
                    return (w << 6) + Long.numberOfTrailingZeros(x);
                }
            }
        }
        return -1;
    }

    private static boolean elephant(BehaviourPolicy b, FlowObservations seen) {
        return (b.minBytes() == 0 || seen.bytes() >= b.minBytes())
                && (b.minDuration().isZero() || seen.duration().compareTo(b.minDuration()) >= 0)
                && (b.minRateBps() == 0 || seen.rateBps() >= b.minRateBps());
    }

    private static <T> List<T> field(List<ClassificationRule> rules, Function<RuleMatch, T> f) {
        List<T> out = new ArrayList<>(rules.size());
        rules.forEach(r -> out.add(f.apply(r.match())));
        return out;
    }

    /** Fills {@code out} with value -> rules accepting it; returns the rules accepting any value. */
    private static long[] exact(List<ClassificationRule> rules, Function<RuleMatch, Integer> f, RuleBits bits,
            Map<Integer, long[]> out, int values) {
        long[] any = bits.empty();
        Map<Integer, List<Integer>> specific = new HashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            Integer v = f.apply(rules.get(r).match());
            if (v == null) {
                RuleBits.set(any, r);
            } else if (v >= 0 && v < values) {
                specific.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
            }
        }
        long[] shared = bits.intern(any);
        specific.forEach((v, rs) -> out.put(v, bits.intern(RuleBits.or(shared, bits.of(rs)))));
        return shared;
    }

    /**
     * Which rules accept an address's host groups: those naming no group, and those naming a group
     * the address belongs to. Membership is tested per group; policies name a handful.
     */
    private static final class GroupIndex {
        private static final int[] NONE = new int[0];
        private final HostGroup[] groups;
        private final long[][] requiring;
        private final long[] noGroup;
        private final boolean used;

        GroupIndex(List<ClassificationRule> rules, Function<RuleMatch, String> f, Map<String, HostGroup> defined,
                RuleBits bits) {
            Map<String, List<Integer>> byName = new HashMap<>();
            long[] none = bits.empty();
            for (int r = 0; r < rules.size(); r++) {
                String g = f.apply(rules.get(r).match());
                if (g == null) {
                    RuleBits.set(none, r);
                } else {
                    byName.computeIfAbsent(g, k -> new ArrayList<>()).add(r);
                }
            }
            noGroup = none;
            used = !byName.isEmpty();
            groups = new HostGroup[byName.size()];
            requiring = new long[byName.size()][];
            int i = 0;
            for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
                groups[i] = defined.get(e.getKey());
                requiring[i++] = bits.of(e.getValue());
            }
        }

        int[] groupsOf(MacAddress mac, Ip4Address ip) {
            if (!used) {
                return NONE;
            }
            int[] found = new int[groups.length];
            int n = 0;
            for (int i = 0; i < groups.length; i++) {
                if (groups[i].contains(mac, ip)) {
                    found[n++] = i;
                }
            }
            return n == found.length ? found : Arrays.copyOf(found, n);
        }

        long word(int[] member, int w) {
            if (!used) {
                return ANY;
            }
            long x = noGroup[w];
            for (int g : member) {
                x |= requiring[g][w];
            }
            return x;
        }
    }
}
