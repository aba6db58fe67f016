package io.sluice.core.classify;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
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
    /** The answer for each rule, made once: a decision by rule allocates nothing. */
    private final Classification[] byRule;
    private final Classification byDefault;
    private final int words;
    private final PrefixIndex src;
    private final PrefixIndex dst;
    private final long[][] byProto = new long[256][];
    private final RangeIndex srcPorts;
    private final RangeIndex dstPorts;
    private final long[][] byVlan = new long[4096][];
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
        byRule = new Classification[rules.length];
        for (int i = 0; i < rules.length; i++) {
            byRule[i] = Classification.byRule(rules[i].trafficClass(), rules[i].id());
        }
        byDefault = Classification.of(policy.defaultClass(), Classification.Basis.DEFAULT,
                "no rule matched: the default class");
        RuleBits bits = new RuleBits(rules.length);
        words = bits.words;
        src = new PrefixIndex(field(ordered, RuleMatch::srcCidr), bits);
        dst = new PrefixIndex(field(ordered, RuleMatch::dstCidr), bits);
        srcPorts = new RangeIndex(field(ordered, RuleMatch::srcPorts), bits);
        dstPorts = new RangeIndex(field(ordered, RuleMatch::dstPorts), bits);
        Map<Integer, long[]> vlans = new HashMap<>();
        long[] anyVlan = exact(ordered, RuleMatch::vlan, bits, vlans, 4096);
        for (int v = 0; v < 4096; v++) {
            byVlan[v] = vlans.getOrDefault(v, anyVlan);
        }
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
            return byRule[rule];
        }
        BehaviourPolicy b = policy.behaviour();
        if (b.enabled() && elephant(b, seen)) {
            return Classification.of(b.elephantClass(), Classification.Basis.BEHAVIOUR, "behaviour: elephant at "
                    + seen.bytes() + " B (>= " + b.minBytes() + "), " + seen.duration().toMillis() + " ms (>= "
                    + b.minDuration().toMillis() + "), " + seen.rateBps() + " bit/s (>= " + b.minRateBps() + ")");
        }
        // DSCP 0 is "not marked", not a claim to be BEST_EFFORT: it leaves the default in charge.
        TrafficClass marked = flow.dscp() == 0 ? null : classByDscp.get(flow.dscp());
        if (marked != null && policy.trust().trusts(flow.ingress())) {
            return Classification.of(marked, Classification.Basis.TRUSTED_DSCP, "DSCP " + flow.dscp()
                    + " trusted at " + flow.ingress());
        }
        return byDefault;
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
        long[] vl = byVlan[flow.vlan()];
        long[] ds = byDscp[flow.dscp()];
        long sg = srcGroups.groupsOf(flow.srcMac(), flow.src());
        long dg = dstGroups.groupsOf(flow.dstMac(), flow.dst());
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
     * the address belongs to. Membership is worked out with plain loops over each group's MACs and
     * prefixes into a bit mask (one bit per group the rules name), so a decision allocates nothing.
     */
    private static final class GroupIndex {
        private final long[][] macs;
        private final int[][] prefixAddress;
        private final int[][] prefixMask;
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
            if (byName.size() > 64) {
                throw new IllegalArgumentException("rules name " + byName.size() + " host groups on one side; "
                        + "the classifier handles up to 64");
            }
            noGroup = none;
            used = !byName.isEmpty();
            int n = byName.size();
            macs = new long[n][];
            prefixAddress = new int[n][];
            prefixMask = new int[n][];
            requiring = new long[n][];
            int i = 0;
            for (Map.Entry<String, List<Integer>> e : byName.entrySet()) {
                HostGroup g = defined.get(e.getKey());
                macs[i] = g.macs().stream().mapToLong(MacAddress::toLong).sorted().toArray();
                List<Ip4Prefix> ps = new ArrayList<>(g.prefixes());
                prefixAddress[i] = new int[ps.size()];
                prefixMask[i] = new int[ps.size()];
                for (int p = 0; p < ps.size(); p++) {
                    prefixAddress[i][p] = ps.get(p).address().toInt();
                    prefixMask[i][p] = Ip4Prefix.mask(ps.get(p).length());
                }
                requiring[i++] = bits.of(e.getValue());
            }
        }

        /** One bit per group (as the rules name them) that the host belongs to. */
        long groupsOf(MacAddress mac, Ip4Address ip) {
            if (!used) {
                return 0;
            }
            long member = 0;
            long m = mac == null ? -1 : mac.toLong();
            int a = ip == null ? 0 : ip.toInt();
            for (int g = 0; g < requiring.length; g++) {
                boolean in = mac != null && Arrays.binarySearch(macs[g], m) >= 0;
                for (int p = 0; !in && ip != null && p < prefixAddress[g].length; p++) {
                    in = (a & prefixMask[g][p]) == prefixAddress[g][p];
                }
                if (in) {
                    member |= 1L << g;
                }
            }
            return member;
        }

        long word(long member, int w) {
            if (!used) {
                return ANY;
            }
            long x = noGroup[w];
            for (long rest = member; rest != 0; rest &= rest - 1) {
                x |= requiring[Long.numberOfTrailingZeros(rest)][w];
            }
            return x;
        }
    }
}
