package io.sluice.server.health;

import io.sluice.core.device.DeviceService;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.openflow.discovery.HostDiscovery;
import io.sluice.openflow.discovery.LinkDiscovery;
import io.sluice.openflow.session.CloseCause;
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
 * verdict: accepted, forged, replayed, ...), and packet-ins host discovery could not read. 200 when the OpenFlow listener is up, 503 when not.
 */
@Path("/api/v1/health")
@Produces(MediaType.APPLICATION_JSON)
public final class HealthResource {
    private final OpenFlowServer server;
    private final OpenFlowController controller;
    private final DeviceService devices;
    private final LinkDiscovery discovery;
    private final HostDiscovery hosts;

    public HealthResource(OpenFlowServer server, OpenFlowController controller, DeviceService devices,
            LinkDiscovery discovery, HostDiscovery hosts) {
        this.server = server;
        this.controller = controller;
        this.devices = devices;
        this.discovery = discovery;
        this.hosts = hosts;
    }

    @GET
    public Response health() {
        List<String> listening = server.boundAddresses().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
        boolean up = !listening.isEmpty();
        Health body = new Health(up ? "UP" : "DOWN",
                new OpenFlowHealth(listening, devices.getDevices().size(), controller.closedConnections()),
                discovery.stats(), Map.of("malformedFrames", hosts.malformedFrames()));
        return Response.status(up ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE).entity(body).build();
    }

    /** The response body. */
    public record Health(String status, OpenFlowHealth openflow, Map<String, Long> lldp, Map<String, Long> hostDiscovery) {
    }

    /** The OpenFlow part of it. */
    public record OpenFlowHealth(List<String> listening, int switches, Map<CloseCause, Long> closedConnections) {
    }
}
