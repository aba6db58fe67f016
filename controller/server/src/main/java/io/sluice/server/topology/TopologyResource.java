package io.sluice.server.topology;

import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.server.switches.SwitchView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The fabric as one graph: {@code /api/v1/topology}, {@code /api/v1/links}, {@code /api/v1/hosts}.
 * Every answer comes from one snapshot and carries its version, so a client can tell whether two
 * answers describe the same fabric.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class TopologyResource {
    private final TopologyService topology;

    public TopologyResource(TopologyService topology) {
        this.topology = topology;
    }

    @GET
    @Path("topology")
    public TopologyView topology() {
        Topology t = topology.currentTopology();
        return new TopologyView(t.version(), t.devices().stream().map(SwitchView::of).toList(), links(t), hosts(t.hosts()));
    }

    @GET
    @Path("links")
    public LinkList links() {
        Topology t = topology.currentTopology();
        List<LinkView> links = links(t);
        return new LinkList(t.version(), links.size(), links);
    }

    @GET
    @Path("hosts")
    public HostList hosts() {
        Topology t = topology.currentTopology();
        return hostList(t, t.hosts());
    }

    /** Hosts with this MAC address (one per VLAN) or this IPv4 address. */
    @GET
    @Path("hosts/{key}")
    public HostList host(@PathParam("key") String key) {
        Topology t = topology.currentTopology();
        List<Host> found = HostKeys.find(t, "key", key);
        return hostList(t, found);
    }

    private static List<LinkView> links(Topology t) {
        return t.links().stream().map(LinkView::of).toList();
    }

    private List<HostView> hosts(List<Host> hosts) {
        return hosts.stream().map(h -> HostView.of(h, topology.lastSeen(h.id()))).toList();
    }

    private HostList hostList(Topology t, List<Host> hosts) {
        return new HostList(t.version(), hosts.size(), hosts(hosts));
    }

    /** The whole fabric. */
    public record TopologyView(long version, List<SwitchView> switches, List<LinkView> links, List<HostView> hosts) {
    }

    /** Directed links. */
    public record LinkList(long version, int count, List<LinkView> links) {
    }

    /** Hosts. */
    public record HostList(long version, int count, List<HostView> hosts) {
    }
}
