package io.sluice.core.route;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Follows a packet of one class through the route rules core has installed (as confirmed by the
 * switches), from its ingress switch to its destination host: on each switch the table-1 rule it
 * takes (its class's rule toward the host, or the host's catch-all) and where that sends it. At a
 * group the walk goes on through the first port (a fast-failover group's primary; for a select
 * group, the switch's hash picks one of the listed ports per flow).
 */
public final class InstalledPaths {
    private InstalledPaths() {
    }

    /** One switch on the way: the rules that act on the packet there (edge classification included). */
    public static final class Hop {
        private final DeviceId device;
        private final List<FlowRule> rules;

        Hop(DeviceId device, List<FlowRule> rules) {
            this.device = device;
            this.rules = Collections.unmodifiableList(rules);
        }

        public DeviceId device() {
            return device;
        }

        public List<FlowRule> rules() {
            return rules;
        }
    }

    /**
     * @param first rules already known to act at the ingress switch (its table-0 entry), listed first
     * @param dscp  the DSCP the packet carries after classification
     */
    public static List<Hop> walk(Topology t, FlowRuleService rules, DeviceId ingress, List<FlowRule> first, Host to,
            int dscp) {
        List<Hop> out = new ArrayList<>();
        Set<DeviceId> seen = new HashSet<>();
        DeviceId at = ingress;
        List<FlowRule> extra = first;
        while (at != null && seen.add(at)) {
            List<FlowRule> here = new ArrayList<>(extra);
            Optional<FlowRule> route = routeAt(rules, at, to, dscp);
            route.ifPresent(here::add);
            out.add(new Hop(at, here));
            extra = List.of();
            if (route.isEmpty() || at.equals(to.location().deviceId())) {
                break;
            }
            TrafficTreatment tr = route.get().treatment();
            Long port = tr.outputPort() != null ? tr.outputPort() : tr.group() != null ? tr.group().ports().get(0) : null;
            at = port == null ? null : t.linkFrom(ConnectPoint.of(at, port)).map(Link::dst).map(ConnectPoint::deviceId)
                    .orElse(null);
        }
        return out;
    }

    /**
     * The table-0 rule an IPv4 packet of {@code flow} takes at its ingress port (the highest-priority
     * installed classification rule that matches it), if core has one there.
     */
    public static Optional<FlowRule> edgeRule(FlowRuleService rules, FlowKey flow) {
        FlowRule best = null;
        for (InstalledRule ir : rules.installedRules(flow.ingress().deviceId())) {
            FlowRule r = ir.rule();
            if (r.table() == FlowTable.CLASSIFY && matches(r.selector(), flow)
                    && (best == null || r.priority() > best.priority())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Whether an IPv4 packet of {@code f} entering at its ingress port matches {@code s}. */
    public static boolean matches(TrafficSelector s, FlowKey f) {
        boolean transport = f.ipProto() == 6 || f.ipProto() == 17 || f.ipProto() == 132;
        return (s.inPort() == null || s.inPort() == f.ingress().port())
                && (s.vlan() == TrafficSelector.ANY_VLAN || (s.vlan() == TrafficSelector.UNTAGGED ? f.vlan() == 0
                        : s.vlan() == f.vlan()))
                && (s.ipProto() == null || s.ipProto() == f.ipProto())
                && (s.ipv4Src() == null || s.ipv4Src().contains(f.src()))
                && (s.ipv4Dst() == null || s.ipv4Dst().contains(f.dst()))
                && (s.dscp() == null || s.dscp() == f.dscp())
                && (s.srcPort() == null || transport && (f.srcPort() & s.srcPortMask()) == s.srcPort())
                && (s.dstPort() == null || transport && (f.dstPort() & s.dstPortMask()) == s.dstPort());
    }

    /** The table-1 rule a packet with {@code dscp} toward {@code to} takes on {@code device}. */
    private static Optional<FlowRule> routeAt(FlowRuleService rules, DeviceId device, Host to, int dscp) {
        FlowRule catchAll = null;
        for (InstalledRule ir : rules.installedRules(device)) {
            FlowRule r = ir.rule();
            TrafficSelector s = r.selector();
            if (r.table() != FlowTable.ROUTE || !to.id().mac().equals(s.ethDst())) {
                continue;
            }
            if (s.dscp() != null && s.dscp() == dscp) {
                return Optional.of(r);
            }
            if (s.dscp() == null) {
                catchAll = r;
            }
        }
        return Optional.ofNullable(catchAll);
    }
}
