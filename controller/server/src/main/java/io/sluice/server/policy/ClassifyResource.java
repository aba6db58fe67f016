package io.sluice.server.policy;

import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.route.InstalledPaths;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.server.flows.InstalledRulesView;
import java.util.Optional;
import io.sluice.core.classify.Classification;
import io.sluice.core.classify.ClassificationModeService;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.policy.codec.PolicyDocument;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /api/v1/classify} explains what the policy in force would make of a flow, without any
 * traffic: class, why (rule, behaviour with its numbers, trusted DSCP, default) and the class's
 * marking, and, when its ingress is known (given, or where its source host is), the rules it meets
 * on each switch now. {@code /api/v1/classes} lists the classes' numbers.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class ClassifyResource {
    private final PolicyService policies;
    private final FlowRuleService rules;
    private final TopologyService topology;
    private final ClassificationModeService classification;

    public ClassifyResource(PolicyService policies, FlowRuleService rules, TopologyService topology,
            ClassificationModeService classification) {
        this.policies = policies;
        this.rules = rules;
        this.topology = topology;
        this.classification = classification;
    }

    @GET
    @Path("classes")
    public Map<String, Object> classes() {
        ActivePolicy now = policies.current();
        List<Map<String, Object>> out = new ArrayList<>();
        for (TrafficClass c : TrafficClass.values()) {
            ClassProfile p = now.policy().classes().get(c);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class", c.name());
            m.put("dscp", p.dscp());
            m.put("queue", p.queue());
            m.put("minSharePercent", p.minSharePercent());
            m.put("maxSharePercent", p.maxSharePercent());
            m.put("scheduling", p.scheduling().name());
            m.put("route", p.route().name());
            out.add(m);
        }
        return Map.of("policyVersion", now.version().version(), "classes", out);
    }

    /**
     * Ports, VLAN and DSCP not given are 0 (no port, untagged, unmarked).
     *
     * @param proto  tcp, udp, icmp, sctp or a number
     * @param ingress the edge port the flow enters at ({@code <dpid>/<port>}), for trusted DSCP
     */
    @GET
    @Path("classify")
    public Map<String, Object> classify(@QueryParam("src") String src, @QueryParam("dst") String dst,
            @QueryParam("proto") String proto, @QueryParam("sport") String sport, @QueryParam("dport") String dport,
            @QueryParam("vlan") String vlan, @QueryParam("dscp") String dscp, @QueryParam("ingress") String ingress,
            @QueryParam("bytes") String bytes, @QueryParam("seconds") String seconds,
            @QueryParam("rateMbps") String rateMbps) {
        FlowKey.Builder k = FlowKey.builder();
        k.src(address("src", src)).dst(address("dst", dst));
        k.ipProto(protocol(proto));
        set("sport", () -> k.srcPort((int) whole("sport", sport, 0, 65535)));
        set("dport", () -> k.dstPort((int) whole("dport", dport, 0, 65535)));
        set("vlan", () -> k.vlan((int) whole("vlan", vlan, 0, 4095)));
        set("dscp", () -> k.dscp((int) whole("dscp", dscp, 0, 63)));
        if (ingress != null && !ingress.isBlank()) {
            try {
                k.ingress(ConnectPoint.parse(ingress));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("ingress: " + e.getMessage());
            }
        }
        FlowObservations seen = FlowObservations.of(whole("bytes", bytes, 0, Long.MAX_VALUE),
                Duration.ofMillis(Math.round(decimal("seconds", seconds) * 1000)),
                Math.round(decimal("rateMbps", rateMbps) * 1e6));
        ActivePolicy now = policies.current();
        Topology t = topology.currentTopology();
        if (ingress == null || ingress.isBlank()) {
            // Where the source host is, if it is known: that is where its flows are classified.
            t.hostsByIp(address("src", src)).stream().findFirst().ifPresent(h -> k.ingress(h.location()));
        }
        FlowKey flow = k.build();
        Classification c = now.classifier().classify(flow, seen);
        ClassProfile p = now.policy().classes().get(c.trafficClass());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("flow", flow.toString());
        out.put("class", c.trafficClass().name());
        out.put("basis", c.basis().name());
        out.put("rule", c.ruleId());
        out.put("reason", c.reason());
        out.put("dscp", p.dscp());
        out.put("queue", p.queue());
        out.put("policyVersion", now.version().version());
        if (!classification.isOn()) {
            // The explanation is the policy's; the switches do something else while this is off.
            ClassProfile be = now.policy().classes().get(TrafficClass.BEST_EFFORT);
            out.put("classificationOff", "classification is off (qos.classify, /api/v1/qos/classification): "
                    + "the switches mark this flow BEST_EFFORT (DSCP " + be.dscp() + ", queue " + be.queue() + ")");
        }
        if (flow.ingress() != null) {
            // What the switches hold for it now: the edge entry it meets, then the route on each switch.
            Optional<FlowRule> edge = InstalledPaths.edgeRule(rules, flow);
            Integer marked = edge.map(r -> r.treatment().setDscp()).orElse(null);
            int dscpOnWire = marked != null ? marked
                    : edge.isPresent() && edge.get().treatment().isToController() ? p.dscp() : flow.dscp();
            out.put("installed", InstalledRulesView.of(t, rules, flow.ingress().deviceId(), edge, flow.dst(), dscpOnWire));
        }
        return out;
    }

    private static void set(String param, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(param + ": " + e.getMessage());
        }
    }

    private static long whole(String param, String text, long min, long max) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            long v = Long.parseLong(text.trim());
            if (v < min || v > max) {
                throw new BadRequestException(param + ": must be " + min + "-" + max + ", got " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(param + ": want a whole number, got '" + text + "'");
        }
    }

    private static double decimal(String param, String text) {
        if (text == null || text.isBlank()) {
            return 0;
        }
        try {
            double v = Double.parseDouble(text.trim());
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new BadRequestException(param + ": must be a number 0 or more, got '" + text + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadRequestException(param + ": want a number, got '" + text + "'");
        }
    }

    private static Ip4Address address(String param, String text) {
        if (text == null || text.isBlank()) {
            throw new BadRequestException(param + ": required, an IPv4 address");
        }
        try {
            return Ip4Address.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(param + ": " + e.getMessage());
        }
    }

    private static int protocol(String proto) {
        if (proto == null || proto.isBlank()) {
            throw new BadRequestException("proto: required: tcp, udp, icmp, sctp or a number");
        }
        Integer named = PolicyDocument.PROTOCOLS.get(proto.trim().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            int p = Integer.parseInt(proto.trim());
            if (p < 0 || p > 255) {
                throw new BadRequestException("proto: must be 0-255, got " + p);
            }
            return p;
        } catch (NumberFormatException e) {
            throw new BadRequestException("proto: want tcp, udp, icmp, sctp or a number, got '" + proto + "'");
        }
    }
}
