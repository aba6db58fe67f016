package io.sluice.core.route.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.pipeline.Pipeline;
import io.sluice.core.route.RouteTree;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.Policy;
import io.sluice.core.qos.EdgeClassification;
import io.sluice.core.stats.LinkLoad;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns routes into rules. Without a policy: table 0 gets one rule per port that is up, sending
 * its traffic on to table 1, and table 1 gets, on every switch that can reach a host, one rule
 * matching the host's MAC (and VLAN) with the port toward it.
 *
 * <p>With a policy, edge ports get the policy's classification entries in table 0 instead (fabric
 * ports keep the plain rule: they trust the DSCP marked at the ingress edge), and each host route
 * becomes one rule per class (host + class DSCP, at {@link Pipeline#CLASS_ROUTE_PRIORITY}) carrying the
 * class's queue and its class-aware next hop, above a catch-all for the host that treats anything
 * else (other DSCPs, non-IP) as the default class. A class whose rule would equal the catch-all
 * needs none. Classification entries go in the last round, after every route they mark traffic
 * for, so a newly marked class always finds its route. Priorities are the pipeline's bands
 * ({@link Pipeline}).
 */
final class RouteCompiler {
    private RouteCompiler() {
    }

    /** @param trees routes toward every switch that has hosts, by destination switch */
    static DesiredRules compile(Topology topology, Map<DeviceId, RouteTree> trees) {
        return compile(topology, trees, null, LinkLoad.NONE, key -> Optional.empty());
    }

    /**
     * @param trees  routes toward every switch that has hosts, by destination switch
     * @param policy the policy in force, or null for plain host routes
     * @param load   the links' measured load, which some classes' routes weigh
     * @param installed what a slot holds now: a class keeps its current next hop unless load says move
     */
    static DesiredRules compile(Topology topology, Map<DeviceId, RouteTree> trees, Policy policy, LinkLoad load,
            Function<FlowRule.Key, Optional<TrafficTreatment>> installed) {
        DesiredRules out = new DesiredRules();
        List<FlowRule> classify = new ArrayList<>();
        Set<ConnectPoint> hostPorts = new HashSet<>();
        topology.hosts().forEach(h -> hostPorts.add(h.location()));
        for (Device d : topology.devices()) {
            for (Port p : d.ports()) {
                if (p.isUp() && p.isPhysical()) {
                    ConnectPoint cp = ConnectPoint.of(d.id(), p.number());
                    if (policy == null || topology.isInfrastructure(cp)) {
                        classify.add(portDefault(topology, cp));
                    } else if (hostPorts.contains(cp)) {
                        classify.addAll(EdgeClassification.compile(policy, cp, policy.trust().trusts(cp)).rules());
                    } else {
                        // Neither a link nor a host known there yet (every port, while a fabric is being
                        // discovered): the default class, until a host shows up and the policy's entries
                        // follow. A whole policy on every such port would be written and taken back again
                        // as links are found.
                        classify.addAll(EdgeClassification.unknownPort(policy, cp, policy.trust().trusts(cp)));
                    }
                }
            }
        }
        for (Host h : topology.hosts()) {
            RouteTree tree = trees.get(h.location().deviceId());
            if (tree == null) {
                continue;
            }
            String who = describe(h);
            addRoutes(out, h, h.location().deviceId(), 0, TrafficTreatment.output(h.location().port()),
                    c -> TrafficTreatment.output(h.location().port()).withQueue(c.queue()),
                    "route to " + who + ": its own port", policy);
            for (DeviceId sw : tree.members()) {
                Link next = tree.nextHop(sw).orElse(null);
                if (next == null) {
                    continue;
                }
                int hops = tree.depth(sw).orElseThrow();
                addRoutes(out, h, sw, hops, TrafficTreatment.output(next.src().port()),
                        c -> ClassNextHops.at(topology, tree, sw, c, load, policy.inferenceHotPercent(),
                                current(installed, sw, h, c)),
                        "route to " + who + ": next hop " + next.dst().deviceId() + ", " + hops + " hop(s) away",
                        policy);
            }
        }
        int last = out.lastRound() + 1;
        classify.forEach(r -> out.add(r, policy == null ? 0 : last));
        return out;
    }

    /** One host's routes at one switch: the catch-all, and with a policy one per class that differs. */
    private static void addRoutes(DesiredRules out, Host h, DeviceId sw, int round, TrafficTreatment plain,
            Function<ClassProfile, TrafficTreatment> byClass, String reason, Policy policy) {
        TrafficSelector toHost = toHost(h.id());
        if (policy == null) {
            out.add(FlowRule.of(sw, FlowTable.ROUTE, Pipeline.HOST_ROUTE_PRIORITY, toHost, plain, reason), round);
            return;
        }
        ClassProfile fallback = policy.classes().get(policy.defaultClass());
        TrafficTreatment catchAll = byClass.apply(fallback);
        out.add(FlowRule.of(sw, FlowTable.ROUTE, Pipeline.HOST_ROUTE_PRIORITY, toHost, catchAll,
                reason + "; unmarked or unknown DSCP as " + policy.defaultClass()), round);
        for (ClassProfile c : policy.classes().values()) {
            TrafficTreatment t = byClass.apply(c);
            if (c.trafficClass() == policy.defaultClass() || t.equals(catchAll)) {
                continue;
            }
            TrafficSelector s = TrafficSelector.builder().ethDst(h.id().mac()).vlan(h.id().vlan()).dscp(c.dscp())
                    .build();
            out.add(FlowRule.of(sw, FlowTable.ROUTE, Pipeline.CLASS_ROUTE_PRIORITY, s, t,
                    reason + "; " + c.trafficClass() + " (DSCP " + c.dscp() + ") by " + c.route()), round);
        }
    }

    /** The port class {@code c} leaves {@code sw} by toward {@code h} now: its own rule's, else the catch-all's. */
    private static Long current(Function<FlowRule.Key, Optional<TrafficTreatment>> installed, DeviceId sw, Host h,
            ClassProfile c) {
        TrafficSelector own = TrafficSelector.builder().ethDst(h.id().mac()).vlan(h.id().vlan()).dscp(c.dscp()).build();
        Optional<TrafficTreatment> t = installed.apply(
                FlowRule.Key.of(sw, FlowTable.ROUTE, Pipeline.CLASS_ROUTE_PRIORITY, own));
        if (t.isEmpty()) {
            t = installed.apply(FlowRule.Key.of(sw, FlowTable.ROUTE, Pipeline.HOST_ROUTE_PRIORITY, toHost(h.id())));
        }
        return t.map(x -> x.outputPort() != null ? x.outputPort() : x.group() != null ? x.group().ports().get(0) : null)
                .orElse(null);
    }

    /** The match of every route rule toward {@code host}: its MAC, in its VLAN. */
    static TrafficSelector toHost(HostId host) {
        return TrafficSelector.builder().ethDst(host.mac()).vlan(host.vlan()).build();
    }

    /**
     * The destination a table-1 rule routes toward, as its host match ({@link #toHost}): what a
     * failed write holds back. Other rules stand for themselves.
     */
    static TrafficSelector destination(FlowRule rule) {
        TrafficSelector s = rule.selector();
        if (rule.table() != FlowTable.ROUTE || s.ethDst() == null) {
            return s;
        }
        return TrafficSelector.builder().ethDst(s.ethDst()).vlan(s.vlan()).build();
    }

    private static FlowRule portDefault(Topology topology, ConnectPoint cp) {
        TrafficSelector in = TrafficSelector.builder().inPort(cp.port()).build();
        String reason = topology.isInfrastructure(cp)
                ? "fabric port " + cp.port() + ": on to routing (class already marked upstream)"
                : "edge port " + cp.port() + ": on to routing";
        return FlowRule.of(cp.deviceId(), FlowTable.CLASSIFY, Pipeline.PORT_DEFAULT_PRIORITY, in,
                TrafficTreatment.gotoTable(FlowTable.ROUTE), reason);
    }

    private static String describe(Host h) {
        String ips = h.ips().stream().map(Object::toString).collect(Collectors.joining(","));
        return "host " + h.id() + (ips.isEmpty() ? "" : " (" + ips + ")") + " at " + h.location();
    }
}
