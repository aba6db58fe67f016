package io.sluice.core.policy;

import io.sluice.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything wrong with a policy, each error naming the rule (and its line, when it came from a
 * file) and the field: classes without a profile, a queue or a DSCP in range, shares over 100 %,
 * unknown host groups, values out of range, duplicate rule ids, and rules of the same priority that
 * match the same traffic but name different classes (which one wins would be an accident).
 *
 * <p>Overlap is judged on what the policy says, and a host named by its MAC may have any address: two
 * host groups overlap when they share a MAC or an address range, or when one names a MAC and the
 * other an address range (that host could be in it); a group with a MAC can meet any prefix.
 */
public final class PolicyValidator {
    private static final int QUEUES = 8;

    private PolicyValidator() {
    }

    /** Every error, in file order; empty when the policy can be applied. */
    public static List<PolicyError> validate(Policy p) {
        List<PolicyError> errors = new ArrayList<>();
        classes(p, errors);
        groups(p, errors);
        rules(p, errors);
        groupCount(p, errors);
        overlaps(p, errors);
        behaviour(p, errors);
        if (p.inferenceHotPercent() < 1 || p.inferenceHotPercent() > 100) {
            errors.add(PolicyError.of(null, 0, "inferenceHotPercent", "must be 1-100 (percent of a link's capacity), got "
                    + p.inferenceHotPercent()));
        }
        for (int i = 0; i < p.trust().ports().size(); i++) {
            String problem = DscpTrust.problem(p.trust().ports().get(i));
            if (problem != null) {
                errors.add(PolicyError.of(null, 0, "trustDscp[" + i + "]", problem));
            }
        }
        if (p.defaultClass() == null) {
            errors.add(PolicyError.of(null, 0, "defaultClass", "missing: the class of traffic nothing else decides"));
        }
        errors.sort(Comparator.comparingInt(PolicyError::line));
        return errors;
    }

    /** @throws InvalidPolicyException with every error, if there is any */
    public static void check(Policy p) throws InvalidPolicyException {
        List<PolicyError> errors = validate(p);
        if (!errors.isEmpty()) {
            throw new InvalidPolicyException(errors);
        }
    }

    private static void classes(Policy p, List<PolicyError> errors) {
        int minTotal = 0;
        Map<Integer, TrafficClass> byQueue = new HashMap<>();
        Map<Integer, TrafficClass> byDscp = new HashMap<>();
        for (TrafficClass c : TrafficClass.values()) {
            String at = "classes." + c;
            ClassProfile cp = p.classes().get(c);
            if (cp == null) {
                errors.add(PolicyError.of(null, 0, at, "missing: every class needs a profile (dscp, queue, shares)"));
                continue;
            }
            if (cp.dscp() == null || cp.dscp() < 0 || cp.dscp() > 63) {
                errors.add(PolicyError.of(null, 0, at + ".dscp", "must be 0-63, got " + cp.dscp()));
            } else if (byDscp.containsKey(cp.dscp())) {
                errors.add(PolicyError.of(null, 0, at + ".dscp", "DSCP " + cp.dscp() + " is already "
                        + byDscp.get(cp.dscp()) + "'s: switches could not tell the classes apart"));
            } else {
                byDscp.put(cp.dscp(), c);
            }
            if (cp.queue() == null) {
                errors.add(PolicyError.of(null, 0, at + ".queue", "missing: a class needs an egress queue"));
            } else if (cp.queue() < 0 || cp.queue() >= QUEUES) {
                errors.add(PolicyError.of(null, 0, at + ".queue", "must be 0-" + (QUEUES - 1) + ", got " + cp.queue()));
            } else if (byQueue.containsKey(cp.queue())) {
                errors.add(PolicyError.of(null, 0, at + ".queue", "queue " + cp.queue() + " is already "
                        + byQueue.get(cp.queue()) + "'s: two classes in one queue get no protection from each other"));
            } else {
                byQueue.put(cp.queue(), c);
            }
            if (cp.minSharePercent() < 0 || cp.minSharePercent() > 100) {
                errors.add(PolicyError.of(null, 0, at + ".minSharePercent", "must be 0-100, got " + cp.minSharePercent()));
            }
            if (cp.maxSharePercent() < 1 || cp.maxSharePercent() > 100) {
                errors.add(PolicyError.of(null, 0, at + ".maxSharePercent", "must be 1-100, got " + cp.maxSharePercent()));
            } else if (cp.minSharePercent() > cp.maxSharePercent()) {
                errors.add(PolicyError.of(null, 0, at + ".minSharePercent", "minimum " + cp.minSharePercent()
                        + "% is above the maximum " + cp.maxSharePercent() + "%"));
            }
            minTotal += Math.max(0, cp.minSharePercent());
            if (cp.scheduling() == null) {
                errors.add(PolicyError.of(null, 0, at + ".scheduling", "missing: one of STRICT, WEIGHTED, SCAVENGER"));
            }
            if (cp.route() == null) {
                errors.add(PolicyError.of(null, 0, at + ".route",
                        "missing: one of SHORTEST, LOWEST_LATENCY, SPREAD, LEAST_UTILISED"));
            }
        }
        if (minTotal > 100) {
            errors.add(PolicyError.of(null, 0, "classes", "minimum shares add up to " + minTotal
                    + "%: no link can guarantee more than 100%"));
        }
    }

    private static void groups(Policy p, List<PolicyError> errors) {
        p.hostGroups().forEach((name, g) -> {
            if (name.isBlank()) {
                errors.add(PolicyError.of(null, 0, "hostGroups", "a host group needs a name"));
            }
            if (g.macs().isEmpty() && g.prefixes().isEmpty()) {
                errors.add(PolicyError.of(null, 0, "hostGroups." + name, "has no members"));
            }
        });
    }

    private static void rules(Policy p, List<PolicyError> errors) {
        Map<String, ClassificationRule> byId = new HashMap<>();
        for (int i = 0; i < p.rules().size(); i++) {
            ClassificationRule r = p.rules().get(i);
            String at = "rules[" + i + "]";
            int line = r.line();
            String id = r.id().isBlank() ? null : r.id();
            if (id == null) {
                errors.add(PolicyError.of(null, line, at + ".id", "a rule needs an id (shown as the reason of every "
                        + "flow it classifies)"));
            } else if (byId.containsKey(id)) {
                ClassificationRule first = byId.get(id);
                errors.add(PolicyError.of(id, line, at + ".id", "duplicate id: also the id of the rule"
                        + (first.line() > 0 ? " at line " + first.line() : "") + " before it"));
            } else {
                byId.put(id, r);
            }
            if (r.priority() < 0 || r.priority() > 65535) {
                errors.add(PolicyError.of(id, line, at + ".priority", "must be 0-65535, got " + r.priority()));
            }
            if (r.trafficClass() == null) {
                errors.add(PolicyError.of(id, line, at + ".class", "missing: one of CONTROL, INFERENCE, TRAINING, "
                        + "BEST_EFFORT, ARCHIVAL"));
            }
            RuleMatch m = r.match();
            if (m.ipProto() != null && (m.ipProto() < 0 || m.ipProto() > 255)) {
                errors.add(PolicyError.of(id, line, at + ".match.proto", "must be 0-255 (or tcp, udp, icmp), got "
                        + m.ipProto()));
            }
            boolean portsOk = m.ipProto() != null && (m.ipProto() == 6 || m.ipProto() == 17 || m.ipProto() == 132);
            if (m.srcPorts() != null && !portsOk) {
                errors.add(PolicyError.of(id, line, at + ".match.srcPorts", "ports need proto tcp, udp or sctp"));
            }
            if (m.dstPorts() != null && !portsOk) {
                errors.add(PolicyError.of(id, line, at + ".match.dstPorts", "ports need proto tcp, udp or sctp"));
            }
            if (m.vlan() != null && (m.vlan() < 0 || m.vlan() > 4095)) {
                errors.add(PolicyError.of(id, line, at + ".match.vlan", "must be 0 (untagged) to 4095, got " + m.vlan()));
            }
            if (m.dscp() != null && (m.dscp() < 0 || m.dscp() > 63)) {
                errors.add(PolicyError.of(id, line, at + ".match.dscp", "must be 0-63, got " + m.dscp()));
            }
            if (m.srcGroup() != null && !p.hostGroups().containsKey(m.srcGroup())) {
                errors.add(PolicyError.of(id, line, at + ".match.srcGroup", "unknown host group '" + m.srcGroup()
                        + "'" + known(p)));
            }
            if (m.dstGroup() != null && !p.hostGroups().containsKey(m.dstGroup())) {
                errors.add(PolicyError.of(id, line, at + ".match.dstGroup", "unknown host group '" + m.dstGroup()
                        + "'" + known(p)));
            }
        }
    }

    /** The classifier keeps one bit per group a side's rules name; more would need another index. */
    static final int MAX_GROUPS_PER_SIDE = 64;

    private static void groupCount(Policy p, List<PolicyError> errors) {
        Set<String> src = new HashSet<>();
        Set<String> dst = new HashSet<>();
        p.rules().forEach(r -> {
            if (r.match().srcGroup() != null) {
                src.add(r.match().srcGroup());
            }
            if (r.match().dstGroup() != null) {
                dst.add(r.match().dstGroup());
            }
        });
        if (src.size() > MAX_GROUPS_PER_SIDE) {
            errors.add(PolicyError.of(null, 0, "rules", "rules name " + src.size() + " different source host groups; "
                    + "at most " + MAX_GROUPS_PER_SIDE + " (merge groups that always go together)"));
        }
        if (dst.size() > MAX_GROUPS_PER_SIDE) {
            errors.add(PolicyError.of(null, 0, "rules", "rules name " + dst.size() + " different destination host "
                    + "groups; at most " + MAX_GROUPS_PER_SIDE + " (merge groups that always go together)"));
        }
    }

    private static String known(Policy p) {
        return p.hostGroups().isEmpty() ? " (the policy defines none)" : " (defined: "
                + String.join(", ", new TreeMap<>(p.hostGroups()).keySet()) + ")";
    }

    private static void overlaps(Policy p, List<PolicyError> errors) {
        Map<Integer, List<Integer>> byPriority = new TreeMap<>();
        for (int i = 0; i < p.rules().size(); i++) {
            byPriority.computeIfAbsent(p.rules().get(i).priority(), k -> new ArrayList<>()).add(i);
        }
        for (List<Integer> same : byPriority.values()) {
            for (int a = 0; a < same.size(); a++) {
                for (int b = a + 1; b < same.size(); b++) {
                    ClassificationRule x = p.rules().get(same.get(a));
                    ClassificationRule y = p.rules().get(same.get(b));
                    if (x.trafficClass() != null && y.trafficClass() != null && x.trafficClass() != y.trafficClass()
                            && overlap(p, x.match(), y.match())) {
                        errors.add(PolicyError.of(y.id(), y.line(), "rules[" + same.get(b) + "].priority",
                                "same priority " + y.priority() + " as rule '" + x.id() + "'"
                                        + (x.line() > 0 ? " (line " + x.line() + ")" : "") + ", which matches some of "
                                        + "the same traffic but says " + x.trafficClass() + ", not " + y.trafficClass()
                                        + ": give one a higher priority or narrow its match"));
                    }
                }
            }
        }
    }

    /** Whether some packet could match both. */
    static boolean overlap(Policy p, RuleMatch a, RuleMatch b) {
        return same(a.ipProto(), b.ipProto()) && same(a.vlan(), b.vlan()) && same(a.dscp(), b.dscp())
                && (a.srcPorts() == null || b.srcPorts() == null || a.srcPorts().intersects(b.srcPorts()))
                && (a.dstPorts() == null || b.dstPorts() == null || a.dstPorts().intersects(b.dstPorts()))
                && side(p, a.srcCidr(), a.srcGroup(), b.srcCidr(), b.srcGroup())
                && side(p, a.dstCidr(), a.dstGroup(), b.dstCidr(), b.dstGroup());
    }

    private static boolean same(Integer a, Integer b) {
        return a == null || b == null || a.equals(b);
    }

    /** Whether one address (one end of a flow) could satisfy both rules' conditions on it. */
    private static boolean side(Policy p, Ip4Prefix cidrA, String groupA, Ip4Prefix cidrB, String groupB) {
        if (cidrA != null && cidrB != null && !cidrA.overlaps(cidrB)) {
            return false;
        }
        HostGroup ga = groupA == null ? null : p.hostGroups().get(groupA);
        HostGroup gb = groupB == null ? null : p.hostGroups().get(groupB);
        if (ga != null && gb != null && !Objects.equals(groupA, groupB) && !groupsOverlap(ga, gb)) {
            return false;
        }
        return within(ga, cidrB) && within(gb, cidrA) && within(ga, cidrA) && within(gb, cidrB);
    }

    private static boolean groupsOverlap(HostGroup a, HostGroup b) {
        if (a.macs().stream().anyMatch(b.macs()::contains)) {
            return true;
        }
        if ((!a.macs().isEmpty() && !b.prefixes().isEmpty()) || (!b.macs().isEmpty() && !a.prefixes().isEmpty())) {
            return true; // the host with that MAC may have an address in the other group's range
        }
        return a.prefixes().stream().anyMatch(x -> b.prefixes().stream().anyMatch(x::overlaps));
    }

    /** Whether some member of {@code g} can have an address in {@code cidr} (true when either is absent). */
    private static boolean within(HostGroup g, Ip4Prefix cidr) {
        return g == null || cidr == null || !g.macs().isEmpty() || g.prefixes().stream().anyMatch(cidr::overlaps);
    }

    private static void behaviour(Policy p, List<PolicyError> errors) {
        BehaviourPolicy b = p.behaviour();
        if (b.minBytes() < 0) {
            errors.add(PolicyError.of(null, 0, "behaviour.minBytes", "must not be negative, got " + b.minBytes()));
        }
        if (b.minDuration().isNegative()) {
            errors.add(PolicyError.of(null, 0, "behaviour.minDuration", "must not be negative, got " + b.minDuration()));
        }
        if (b.minRateBps() < 0) {
            errors.add(PolicyError.of(null, 0, "behaviour.minRate", "must not be negative, got " + b.minRateBps()));
        }
        if (b.enabled() && b.elephantClass() == null) {
            errors.add(PolicyError.of(null, 0, "behaviour.class", "missing: the class elephants get"));
        }
    }
}
