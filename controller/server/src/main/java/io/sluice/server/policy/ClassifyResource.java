package io.sluice.server.policy;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.ConnectPoint;
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
 * marking. {@code /api/v1/classes} lists the classes' numbers.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class ClassifyResource {
    private static final Map<String, Integer> PROTOCOLS = Map.of("icmp", 1, "tcp", 6, "udp", 17, "sctp", 132);
    private final PolicyManager policies;

    public ClassifyResource(PolicyManager policies) {
        this.policies = policies;
    }

    @GET
    @Path("classes")
    public Map<String, Object> classes() {
        PolicyManager.InForce now = policies.current();
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
     * @param proto  tcp, udp, icmp, sctp or a number
     * @param ingress the edge port the flow enters at ({@code <dpid>/<port>}), for trusted DSCP
     */
    @GET
    @Path("classify")
    public Map<String, Object> classify(@QueryParam("src") String src, @QueryParam("dst") String dst,
            @QueryParam("proto") String proto, @QueryParam("sport") Integer sport, @QueryParam("dport") Integer dport,
            @QueryParam("vlan") Integer vlan, @QueryParam("dscp") Integer dscp, @QueryParam("ingress") String ingress,
            @QueryParam("bytes") Long bytes, @QueryParam("seconds") Double seconds,
            @QueryParam("rateMbps") Double rateMbps) {
        FlowKey.Builder k = FlowKey.builder();
        k.src(address("src", src)).dst(address("dst", dst));
        try {
            k.ipProto(protocol(proto));
            k.srcPort(sport == null ? 0 : sport).dstPort(dport == null ? 0 : dport);
            k.vlan(vlan == null ? 0 : vlan).dscp(dscp == null ? 0 : dscp);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        if (ingress != null && !ingress.isBlank()) {
            try {
                k.ingress(ConnectPoint.parse(ingress));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("ingress: " + e.getMessage());
            }
        }
        FlowObservations seen;
        try {
            seen = FlowObservations.of(bytes == null ? 0 : bytes,
                    Duration.ofMillis(Math.round((seconds == null ? 0 : seconds) * 1000)),
                    Math.round((rateMbps == null ? 0 : rateMbps) * 1e6));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        PolicyManager.InForce now = policies.current();
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
        return out;
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
        Integer named = PROTOCOLS.get(proto.trim().toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        try {
            return Integer.parseInt(proto.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException("proto: want tcp, udp, icmp, sctp or a number, got '" + proto + "'");
        }
    }
}
