package io.sluice.server.health;

import io.sluice.core.device.DeviceService;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.openflow.discovery.HostDiscovery;
import io.sluice.openflow.discovery.LinkDiscovery;
import io.sluice.openflow.forward.ForwardingCounters;
import io.sluice.openflow.session.CloseCause;
import io.sluice.server.route.RunView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/health}: whether the controller can take switches, how many it has, how
 * connections have ended, and what LLDP discovery sent and received (probes sent; frames by
 * verdict: accepted, forged, replayed, ...), packet-ins host discovery could not read, the last
 * route recomputation and what the controller did with the frames sent to it. 200 when the
 * OpenFlow listener is up, 503 when not.
 */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final OpenFlowServer server;
    private final OpenFlowController controller;
    private final DeviceService devices;
    private final LinkDiscovery discovery;
    private final HostDiscovery hosts;
    private final RouteManager routes;
    private final ForwardingCounters forwarding;

    public HealthResource(OpenFlowServer server, OpenFlowController controller, DeviceService devices,
            LinkDiscovery discovery, HostDiscovery hosts, RouteManager routes, ForwardingCounters forwarding) {
        this.server = server;
        this.controller = controller;
        this.devices = devices;
        this.discovery = discovery;
        this.hosts = hosts;
        this.routes = routes;
        this.forwarding = forwarding;
    }

    @GET
    public Response health() {
        List<String> listening = server.boundAddresses().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
        boolean up = !listening.isEmpty();
        Health body = new Health(up ? "UP" : "DOWN",
                new OpenFlowHealth(listening, devices.getDevices().size(), controller.closedConnections(),
                        controller.packetIns()),
                discovery.stats(), Map.of("malformedFrames", hosts.malformedFrames()),
                new RoutingHealth(routes.lastRun().map(RunView::of).orElse(null), forwarding.snapshot()));
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }

    /** The response body. */
    public record Health(String status, OpenFlowHealth openflow, Map<String, Long> lldp, Map<String, Long> hostDiscovery,
            RoutingHealth routing) {
    }

    /** The OpenFlow part of it. */
    public record OpenFlowHealth(List<String> listening, int switches, Map<CloseCause, Long> closedConnections,
            long packetIns) {
    }

    /** Forwarding: the last route recomputation, and what the controller did with frames sent to it. */
    public record RoutingHealth(RunView lastRun, Map<String, Long> frames) {
    }
}
