package io.sluice.core.qos;

import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.pipeline.Pipeline;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The policy as rules for table 0 of an edge port: every classification rule that a switch can
 * match (prefixes, protocol, port ranges as masked blocks, VLAN, DSCP, host groups of prefixes)
 * becomes entries that set the class's DSCP and go on to routing; what else arrives there gets the
 * default class's DSCP (or keeps its own, at a trusted port). Rules a switch cannot express (host
 * groups named by MAC, or more than {@value #MAX_ENTRIES_PER_RULE} entries) are listed for the
 * controller to classify on packet-in. Entries keep the classifier's order (higher priority
 * first), so the switch decides as {@link io.sluice.core.classify.IndexedClassifier} does. Their
 * priorities are the pipeline's policy and port-default bands ({@link Pipeline}).
 */
public final class EdgeClassification {
    public static final int MAX_ENTRIES_PER_RULE = 64;

    private final List<FlowRule> rules;
    private final List<String> needController;

    private EdgeClassification(List<FlowRule> rules, List<String> needController) {
        this.rules = Collections.unmodifiableList(rules);
        this.needController = Collections.unmodifiableList(needController);
    }

    /** @param trusted whether hosts' own DSCP marking is believed at this port */
    public static EdgeClassification compile(Policy policy, ConnectPoint edge, boolean trusted) {
        Map<Integer, Integer> slot = slots(policy);
        Map<FlowRule.Key, FlowRule> out = new LinkedHashMap<>();
        List<String> controller = new ArrayList<>();
        for (ClassificationRule r : policy.rules()) {
            List<TrafficSelector> entries = entries(policy, r.match(), edge.port(), false);
            if (entries == null) {
                // The switch cannot tell this rule's traffic apart (a host group of MACs, or too many
                // entries): what might be its traffic goes up at the rule's own priority, so no rule
                // below it catches it first, and the controller decides with the whole policy.
                controller.add(r.id());
                List<TrafficSelector> wider = entries(policy, r.match(), edge.port(), true);
                if (wider == null) {
                    wider = List.of(TrafficSelector.builder().inPort(edge.port()).ipv4().build());
                }
                for (TrafficSelector s : wider) {
                    FlowRule up = FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, slot.get(r.priority()), s,
                            TrafficTreatment.toController(), "policy rule " + r.id() + ": the controller classifies");
                    out.putIfAbsent(up.key(), up);
                }
                continue;
            }
            int dscp = policy.classes().get(r.trafficClass()).dscp();
            for (TrafficSelector s : entries) {
                FlowRule rule = FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, slot.get(r.priority()), s,
                        TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(dscp),
                        "policy rule " + r.id() + ": " + r.trafficClass());
                // Same match, same priority: the validator allows that only for rules of one class, so
                // the first written says it for both.
                out.putIfAbsent(rule.key(), rule);
            }
        }
        // Only IPv4 carries a DSCP to set: other traffic (ARP, IPv6) goes on unmarked, one below. IPv4
        // that no entry above matched is the controller's to classify when only it can: by behaviour
        // (it counts the flow's bytes on an exact rule) or by a rule the switch cannot hold.
        if (!trusted) {
            boolean controllerDecides = policy.behaviour().enabled() || !controller.isEmpty();
            TrafficTreatment t = controllerDecides ? TrafficTreatment.toController()
                    : TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(policy.classes().get(policy.defaultClass())
                            .dscp());
            FlowRule unclassified = FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY,
                    Pipeline.PORT_IPV4_DEFAULT_PRIORITY, TrafficSelector.builder().inPort(edge.port()).ipv4().build(), t, controllerDecides
                            ? "edge port " + edge.port() + ": unclassified IPv4, to the controller to classify per flow"
                            : "edge port " + edge.port() + ": unclassified IPv4, " + policy.defaultClass());
            out.put(unclassified.key(), unclassified);
        }
        FlowRule portDefault = FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, Pipeline.PORT_DEFAULT_PRIORITY,
                TrafficSelector.builder().inPort(edge.port()).build(), TrafficTreatment.gotoTable(FlowTable.ROUTE),
                trusted ? "edge port " + edge.port() + ": DSCP trusted, on to routing"
                        : "edge port " + edge.port() + ": not IPv4, on to routing");
        out.put(portDefault.key(), portDefault);
        return new EdgeClassification(new ArrayList<>(out.values()), controller);
    }

    /**
     * Table-0 priority of each policy priority. Rules of one priority never overlap unless they
     * agree on the class (the validator sees to it), so the policy's own priority orders the
     * switch's entries, and adding or removing a rule rewrites that rule's entries alone. Only a
     * policy whose priorities would climb out of the policy band (into the per-flow and base rules
     * above it) is packed into consecutive priorities instead.
     */
    static Map<Integer, Integer> slots(Policy policy) {
        TreeSet<Integer> used = new TreeSet<>();
        policy.rules().forEach(r -> used.add(r.priority()));
        Map<Integer, Integer> out = new HashMap<>();
        boolean fits = used.isEmpty() || Pipeline.POLICY_BASE_PRIORITY + used.last() <= Pipeline.POLICY_MAX_PRIORITY;
        int rank = 0;
        for (int p : used) {
            out.put(p, Pipeline.POLICY_BASE_PRIORITY + (fits ? p : rank++));
        }
        return out;
    }

    /**
     * The rules of an edge port where no host has been seen yet: its IPv4 marked with the default
     * class (or the host's own marking at a trusted port), everything on to routing. Two rules
     * instead of the policy's, while a fabric is being discovered and most ports are still unknown.
     */
    public static List<FlowRule> unknownPort(Policy policy, ConnectPoint edge, boolean trusted) {
        List<FlowRule> out = new ArrayList<>();
        if (!trusted) {
            out.add(FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, Pipeline.PORT_IPV4_DEFAULT_PRIORITY,
                    TrafficSelector.builder().inPort(edge.port()).ipv4().build(),
                    TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(policy.classes().get(policy.defaultClass())
                            .dscp()), "port " + edge.port() + ": no host seen yet, IPv4 as " + policy.defaultClass()));
        }
        out.add(FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, Pipeline.PORT_DEFAULT_PRIORITY,
                TrafficSelector.builder().inPort(edge.port()).build(), TrafficTreatment.gotoTable(FlowTable.ROUTE),
                "port " + edge.port() + ": no host seen yet, on to routing"));
        return out;
    }

    /** The table-0 rules, policy rules first. */
    public List<FlowRule> rules() {
        return rules;
    }

    /** Ids of rules the switch cannot match: the controller classifies their flows. */
    public List<String> needController() {
        return needController;
    }

    /**
     * The selectors a rule needs, or null if a switch cannot express it. {@code widened}: a host
     * group that names MACs counts as its CIDR alone (any address), for entries that only send the
     * rule's possible traffic to the controller.
     */
    private static List<TrafficSelector> entries(Policy p, RuleMatch m, long inPort, boolean widened) {
        List<Ip4Prefix> srcs = side(p, m.srcCidr(), m.srcGroup(), widened);
        List<Ip4Prefix> dsts = side(p, m.dstCidr(), m.dstGroup(), widened);
        if (srcs == null || dsts == null) {
            return null;
        }
        List<int[]> sports = blocks(m.srcPorts());
        List<int[]> dports = blocks(m.dstPorts());
        if ((long) srcs.size() * dsts.size() * sports.size() * dports.size() > MAX_ENTRIES_PER_RULE) {
            return null;
        }
        List<TrafficSelector> out = new ArrayList<>();
        for (Ip4Prefix src : srcs) {
            for (Ip4Prefix dst : dsts) {
                for (int[] sp : sports) {
                    for (int[] dp : dports) {
                        TrafficSelector.Builder b = TrafficSelector.builder().inPort(inPort).ipv4();
                        if (m.ipProto() != null) {
                            b.ipProto(m.ipProto());
                        }
                        b.ipv4Src(src).ipv4Dst(dst);
                        if (sp != null) {
                            b.srcPort(sp[0], sp[1]);
                        }
                        if (dp != null) {
                            b.dstPort(dp[0], dp[1]);
                        }
                        if (m.vlan() != null) {
                            b.vlan(m.vlan());
                        }
                        if (m.dscp() != null) {
                            b.dscp(m.dscp());
                        }
                        out.add(b.build());
                    }
                }
            }
        }
        return out;
    }

    /** One end's prefixes: the CIDR, narrowed by the group's prefixes; null if a MAC is needed. */
    private static List<Ip4Prefix> side(Policy p, Ip4Prefix cidr, String group, boolean widened) {
        List<Ip4Prefix> out = new ArrayList<>();
        if (group == null) {
            out.add(cidr);
            return out;
        }
        HostGroup g = p.hostGroups().get(group);
        if (!g.macs().isEmpty()) {
            if (widened) {
                out.add(cidr);
                return out;
            }
            return null; // a MAC's address is not known to the switch: the controller decides
        }
        for (Ip4Prefix member : g.prefixes()) {
            // Members inside another member would be the same rule twice at one priority.
            boolean covered = g.prefixes().stream().anyMatch(o -> !o.equals(member) && o.length() < member.length()
                    && o.overlaps(member));
            if (covered) {
                continue;
            }
            if (cidr == null) {
                out.add(member);
            } else if (cidr.overlaps(member)) {
                out.add(cidr.length() >= member.length() ? cidr : member);
            }
        }
        out.sort(Comparator.naturalOrder());
        return out;
    }

    private static List<int[]> blocks(PortRange r) {
        List<int[]> out = new ArrayList<>();
        if (r == null) {
            out.add(null);
        } else {
            out.addAll(r.maskedBlocks());
        }
        return out;
    }
}
