package io.sluice.server.flows;

import io.sluice.core.classify.TrackedFlow;
import io.sluice.core.classify.FlowTrackingService;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.policy.service.PolicyService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code /api/v1/flows}: the flows the controller classified itself (no switch-held rule matched
 * them), each with its class, why, its counters, and since when; {@code /api/v1/flows/{id}} adds
 * the rules it meets on each switch of its way.
 */
@Path("/api/v1/flows")
@Produces(MediaType.APPLICATION_JSON)
public final class FlowsResource {
    private final FlowTrackingService flows;
    private final FlowRuleService rules;
    private final TopologyService topology;
    private final PolicyService policies;

    public FlowsResource(FlowTrackingService flows, FlowRuleService rules, TopologyService topology, PolicyService policies) {
        this.flows = flows;
        this.rules = rules;
        this.topology = topology;
        this.policies = policies;
    }

    @GET
    public Map<String, Object> list() {
        Topology t = topology.currentTopology();
        List<Map<String, Object>> out = flows.flows().stream().map(f -> {
            Map<String, Object> m = view(f);
            // The switches it crosses, by the rules installed now (a select group's first port stands for its choice).
            m.put("path", InstalledRulesView.of(t, rules, f.edge(), flows.edgeRule(f.id()), f.key().dst(), dscp(f))
                    .stream().map(hop -> hop.get("switch")).filter(Objects::nonNull).toList());
            return m;
        }).toList();
        return Map.of("flows", out);
    }

    private int dscp(TrackedFlow f) {
        return policies.current().policy().classes().get(f.classification().trafficClass()).dscp();
    }

    @GET
    @Path("{id}")
    public Map<String, Object> one(@PathParam("id") String idText) {
        long id;
        try {
            id = Long.parseLong(idText);
        } catch (NumberFormatException e) {
            throw new BadRequestException("id: want a flow number, got '" + idText + "'");
        }
        TrackedFlow f = flows.flow(id).orElseThrow(() -> new NotFoundException("no flow " + id
                + " (flows are forgotten when their rule's idle timeout runs out)"));
        Map<String, Object> m = view(f);
        m.put("path", InstalledRulesView.of(topology.currentTopology(), rules, f.edge(), flows.edgeRule(id),
                f.key().dst(), dscp(f)));
        return m;
    }

    private static Map<String, Object> view(TrackedFlow f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", f.id());
        m.put("src", f.key().src().toString());
        m.put("dst", f.key().dst().toString());
        m.put("proto", f.key().ipProto());
        m.put("srcPort", f.key().srcPort());
        m.put("dstPort", f.key().dstPort());
        m.put("ingress", f.key().ingress().toString());
        m.put("class", f.classification().trafficClass().name());
        m.put("basis", f.classification().basis().name());
        m.put("reason", f.classification().reason());
        m.put("bytes", f.bytes());
        m.put("rateBps", f.rateBps());
        m.put("since", f.since().toString());
        m.put("classifiedAt", f.classifiedAt().toString());
        m.put("installed", f.installed());
        return m;
    }
}
