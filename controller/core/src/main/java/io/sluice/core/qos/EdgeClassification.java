package io.sluice.core.qos;

import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The policy as rules for table 0 of an edge port: every classification rule that a switch can
 * match (prefixes, protocol, port ranges as masked blocks, VLAN, DSCP, host groups of prefixes)
 * becomes entries that set the class's DSCP and go on to routing; what else arrives there gets the
 * default class's DSCP (or keeps its own, at a trusted port). Rules a switch cannot express (host
 * groups named by MAC, or more than {@value #MAX_ENTRIES_PER_RULE} entries) are listed for the
 * controller to classify on packet-in. Entries keep the classifier's order: higher priority
 * first, and among equal priorities the rule written first, so the switch decides as
 * {@link io.sluice.core.classify.IndexedClassifier} does.
 */
public final class EdgeClassification {
    /** Table-0 priority of the lowest policy rule; port defaults sit at 10, ARP at 50000. */
    public static final int BASE_PRIORITY = 100;
    /** Port default: below every policy rule. */
    public static final int DEFAULT_PRIORITY = 10;
    public static final int MAX_ENTRIES_PER_RULE = 64;

    private final List<FlowRule> rules;
    private final List<String> needController;

    private EdgeClassification(List<FlowRule> rules, List<String> needController) {
        this.rules = Collections.unmodifiableList(rules);
        this.needController = Collections.unmodifiableList(needController);
    }

    /** @param trusted whether hosts' own DSCP marking is believed at this port */
    public static EdgeClassification compile(Policy policy, ConnectPoint edge, boolean trusted) {
        List<ClassificationRule> ordered = new ArrayList<>(policy.rules());
        // Lowest first; among equal priorities the one written last first, so the first written ranks higher.
        List<ClassificationRule> byRank = new ArrayList<>(ordered);
        Collections.reverse(byRank);
        byRank.sort(Comparator.comparingInt(ClassificationRule::priority));
        List<FlowRule> out = new ArrayList<>();
        List<String> controller = new ArrayList<>();
        for (int rank = 0; rank < byRank.size(); rank++) {
            ClassificationRule r = byRank.get(rank);
            List<TrafficSelector> entries = entries(policy, r.match(), edge.port());
            if (entries == null) {
                controller.add(r.id());
                continue;
            }
            int dscp = policy.classes().get(r.trafficClass()).dscp();
            for (TrafficSelector s : entries) {
                out.add(FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, BASE_PRIORITY + rank, s,
                        TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(dscp),
                        "policy rule " + r.id() + ": " + r.trafficClass()));
            }
        }
        TrafficTreatment rest = TrafficTreatment.gotoTable(FlowTable.ROUTE);
        if (!trusted) {
            rest = rest.withDscp(policy.classes().get(policy.defaultClass()).dscp());
        }
        out.add(FlowRule.of(edge.deviceId(), FlowTable.CLASSIFY, DEFAULT_PRIORITY,
                TrafficSelector.builder().inPort(edge.port()).build(), rest, trusted
                        ? "edge port " + edge.port() + ": DSCP trusted, on to routing"
                        : "edge port " + edge.port() + ": unclassified, " + policy.defaultClass()));
        return new EdgeClassification(out, controller);
    }

    /** The table-0 rules, policy rules first. */
    public List<FlowRule> rules() {
        return rules;
    }

    /** Ids of rules the switch cannot match: the controller classifies their flows. */
    public List<String> needController() {
        return needController;
    }

    /** The selectors a rule needs, or null if a switch cannot express it. */
    private static List<TrafficSelector> entries(Policy p, RuleMatch m, long inPort) {
        List<Ip4Prefix> srcs = side(p, m.srcCidr(), m.srcGroup());
        List<Ip4Prefix> dsts = side(p, m.dstCidr(), m.dstGroup());
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
                        TrafficSelector.Builder b = TrafficSelector.builder().inPort(inPort);
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
    private static List<Ip4Prefix> side(Policy p, Ip4Prefix cidr, String group) {
        List<Ip4Prefix> out = new ArrayList<>();
        if (group == null) {
            out.add(cidr);
            return out;
        }
        HostGroup g = p.hostGroups().get(group);
        if (!g.macs().isEmpty()) {
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
