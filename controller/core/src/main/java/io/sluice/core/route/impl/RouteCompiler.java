package io.sluice.core.route.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.route.RouteTree;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns routes into rules. Table 0 gets one rule per port that is up, sending its traffic on to
 * table 1 (classification rules will sit above these). Table 1 gets, on every switch that can reach
 * a host, one rule matching the host's MAC (and VLAN) with the port toward it.
 */
final class RouteCompiler {
    /** Table 0: below every classification rule, above the table-miss. */
    static final int PORT_DEFAULT_PRIORITY = 10;
    /** Table 1: room above for class-specific routes, below for catch-alls. */
    static final int HOST_ROUTE_PRIORITY = 1000;
    private static final long MAX_PHYSICAL_PORT = 0xFFFF_FF00L;

    private RouteCompiler() {
    }

    /** @param trees routes toward every switch that has hosts, by destination switch */
    static DesiredRules compile(Topology topology, Map<DeviceId, RouteTree> trees) {
        DesiredRules out = new DesiredRules();
        for (Device d : topology.devices()) {
            for (Port p : d.ports()) {
                if (p.isUp() && p.number() <= MAX_PHYSICAL_PORT) {
                    out.add(portDefault(topology, ConnectPoint.of(d.id(), p.number())), 0);
                }
            }
        }
        for (Host h : topology.hosts()) {
            RouteTree tree = trees.get(h.location().deviceId());
            if (tree == null) {
                continue;
            }
            TrafficSelector toHost = toHost(h.id());
            String who = describe(h);
            out.add(FlowRule.of(h.location().deviceId(), FlowTable.ROUTE, HOST_ROUTE_PRIORITY, toHost,
                    TrafficTreatment.output(h.location().port()), "route to " + who + ": its own port"), 0);
            for (DeviceId sw : tree.members()) {
                Link next = tree.nextHop(sw).orElse(null);
                if (next == null) {
                    continue;
                }
                int hops = tree.depth(sw).orElseThrow();
                out.add(FlowRule.of(sw, FlowTable.ROUTE, HOST_ROUTE_PRIORITY, toHost,
                        TrafficTreatment.output(next.src().port()),
                        "route to " + who + ": next hop " + next.dst().deviceId() + ", " + hops + " hop(s) away"),
                        hops);
            }
        }
        return out;
    }

    /** The match of every route rule toward {@code host}: its MAC, in its VLAN. */
    static TrafficSelector toHost(HostId host) {
        return TrafficSelector.builder().ethDst(host.mac()).vlan(host.vlan()).build();
    }

    private static FlowRule portDefault(Topology topology, ConnectPoint cp) {
        TrafficSelector in = TrafficSelector.builder().inPort(cp.port()).build();
        String reason = topology.isInfrastructure(cp)
                ? "fabric port " + cp.port() + ": on to routing (class already marked upstream)"
                : "edge port " + cp.port() + ": on to routing";
        return FlowRule.of(cp.deviceId(), FlowTable.CLASSIFY, PORT_DEFAULT_PRIORITY, in,
                TrafficTreatment.gotoTable(FlowTable.ROUTE), reason);
    }

    private static String describe(Host h) {
        String ips = h.ips().stream().map(Object::toString).collect(Collectors.joining(","));
        return "host " + h.id() + (ips.isEmpty() ? "" : " (" + ips + ")") + " at " + h.location();
    }
}
