package io.sluice.server.route;

import io.sluice.core.route.Path.Hop;
import io.sluice.core.route.PathResult;
import io.sluice.core.route.RouteService;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.server.topology.HostKeys;
import io.sluice.server.topology.HostView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Optional;

/**
 * {@code /api/v1/paths?src=&dst=}: the way traffic from one host to another crosses the fabric
 * with the routes installed now, switch by switch, or why it cannot.
 */
@Path("/api/v1/paths")
@Produces(MediaType.APPLICATION_JSON)
public final class PathResource {
    private final TopologyService topology;
    private final RouteService routes;

    public PathResource(TopologyService topology, RouteService routes) {
        this.topology = topology;
        this.routes = routes;
    }

    /** {@code src} and {@code dst}: a host's MAC or IPv4 address. */
    @GET
    public PathView path(@QueryParam("src") String src, @QueryParam("dst") String dst) {
        Topology t = topology.currentTopology();
        Host from = HostKeys.findOne(t, "src", src);
        Host to = HostKeys.findOne(t, "dst", dst);
        PathResult r;
        try {
            r = routes.path(from.id(), to.id());
        } catch (IllegalArgumentException gone) {
            throw new NotFoundException(gone.getMessage() + " (it left while the path was looked up)");
        }
        List<HopView> hops = r.path().map(p -> p.hops().stream().map(HopView::of).toList()).orElse(List.of());
        return new PathView(HostView.of(from, Optional.empty()), HostView.of(to, Optional.empty()), r.isFound(),
                r.isFound() ? hops.size() : null, hops, r.noPathReason().orElse(null));
    }

    /** The answer: {@code reachable} false comes with a {@code reason}. */
    public record PathView(HostView src, HostView dst, boolean reachable, Integer switches, List<HopView> hops,
            String reason) {
    }

    /** One switch on the path. */
    public record HopView(String device, long inPort, long outPort) {
        static HopView of(Hop h) {
            return new HopView(h.device().toString(), h.inPort(), h.outPort());
        }
    }
}
