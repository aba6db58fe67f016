package io.sluice.server.health;

import io.sluice.core.SluiceCore;
import io.sluice.server.route.RunView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/health}: whether the controller can take switches (its southbound, e.g.
 * {@code openflow}: listen addresses, switches, connections ended by cause, packet-ins), what LLDP
 * discovery sent and received (probes sent; frames by verdict: accepted, forged, replayed, ...),
 * frames host discovery could not read, how core dispatched the frames it received, the last route
 * recomputation and what the controller did with the frames sent to it. 200 when the southbound is
 * up, 503 when not.
 */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final SluiceCore core;

    public HealthResource(SluiceCore core) {
        this.core = core;
    }

    @GET
    public Response health() {
        var southbound = core.southboundStatus();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", southbound.isUp() ? "UP" : "DOWN");
        Map<String, Object> own = new LinkedHashMap<>(southbound.details());
        own.put("switches", core.devices().getDevices().size()); // core's inventory, as before the split
        body.put(core.southboundName(), own);
        body.put("lldp", core.linkDiscovery().stats());
        body.put("hostDiscovery", Map.of("malformedFrames", core.hostDiscovery().malformedFrames()));
        body.put("packets", core.packets().counters());
        Map<String, Long> frames = new LinkedHashMap<>(core.forwarding().counters());
        // Where it was before the packet layer counted it (packets.strayRulePackets): kept for readers of it.
        frames.put("strayRulePacketIns", core.packets().counters().getOrDefault("strayRulePackets", 0L));
        body.put("routing", new RoutingHealth(core.routes().lastRun().map(RunView::of).orElse(null), frames));
        return Response.status(southbound.isUp() ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(body).build();
    }

    /** Forwarding: the last route recomputation, and what the controller did with frames sent to it. */
    public record RoutingHealth(RunView lastRun, Map<String, Long> frames) {
    }
}
