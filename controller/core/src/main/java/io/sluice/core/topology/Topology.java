package io.sluice.core.topology;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;
import org.jgrapht.graph.builder.GraphTypeBuilder;

/**
 * One consistent, immutable picture of the fabric: switches, links (as a JGraphT directed graph
 * with switches as vertices) and hosts, stamped with the version it was taken at. Readers such
 * as path computation keep a snapshot for as long as they need it; changes make new snapshots.
 */
public final class Topology {
    private final long version;
    private final SortedMap<DeviceId, Device> devices;
    private final List<Link> links;
    private final List<Host> hosts;
    /**
     * Built on first use: many readers (REST listings, host probing) take a snapshot without ever
     * walking the graph, and while a large fabric is being discovered every change makes a new
     * snapshot (building a 39,200-link graph for each took a fifth of the controller at 1,000 switches).
     */
    private volatile Graph<DeviceId, Link> graph;
    private final Map<ConnectPoint, Link> linkFrom = new HashMap<>();
    private final Set<ConnectPoint> infrastructure = new HashSet<>();
    private final Map<MacAddress, List<Host>> hostsByMac = new HashMap<>();
    private final Map<Ip4Address, List<Host>> hostsByIp = new HashMap<>();

    private Topology(long version, Collection<Device> devices, Collection<Link> links, Collection<Host> hosts) {
        this.version = version;
        SortedMap<DeviceId, Device> byId = new TreeMap<>();
        devices.forEach(d -> byId.put(d.id(), d));
        this.devices = Collections.unmodifiableSortedMap(byId);
        List<Link> sortedLinks = new ArrayList<>(links);
        sortedLinks.sort((a, b) -> {
            int c = a.src().compareTo(b.src());
            return c != 0 ? c : a.dst().compareTo(b.dst());
        });
        this.links = Collections.unmodifiableList(sortedLinks);
        List<Host> sortedHosts = new ArrayList<>(hosts);
        sortedHosts.sort((a, b) -> a.id().compareTo(b.id()));
        this.hosts = Collections.unmodifiableList(sortedHosts);

        for (Link l : sortedLinks) {
            if (!byId.containsKey(l.src().deviceId()) || !byId.containsKey(l.dst().deviceId())) {
                throw new IllegalArgumentException("link " + l + " ends on a switch that is not in the topology");
            }
            linkFrom.put(l.src(), l);
            infrastructure.add(l.src());
            infrastructure.add(l.dst());
        }
        for (Host h : sortedHosts) {
            hostsByMac.computeIfAbsent(h.id().mac(), k -> new ArrayList<>()).add(h);
            h.ips().forEach(ip -> hostsByIp.computeIfAbsent(ip, k -> new ArrayList<>()).add(h));
        }
    }

    /**
     * @throws IllegalArgumentException if a link ends on a switch that is not among {@code devices}
     */
    public static Topology of(long version, Collection<Device> devices, Collection<Link> links, Collection<Host> hosts) {
        return new Topology(version, devices, links, hosts);
    }

    /** Grows by one with every change to switches, links or hosts. */
    public long version() {
        return version;
    }

    /** Switches in datapath-id order. */
    public Collection<Device> devices() {
        return devices.values();
    }

    public Optional<Device> device(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    /** Directed links, ordered by source then destination. */
    public List<Link> links() {
        return links;
    }

    /** The link leaving {@code src}, if any. */
    public Optional<Link> linkFrom(ConnectPoint src) {
        return Optional.ofNullable(linkFrom.get(src));
    }

    /** Whether a link starts or ends at {@code cp}: such a port faces the fabric, not a host. */
    public boolean isInfrastructure(ConnectPoint cp) {
        return infrastructure.contains(cp);
    }

    /** Switches as vertices, links as edges; read-only. */
    public Graph<DeviceId, Link> graph() {
        Graph<DeviceId, Link> g = graph;
        if (g == null) {
            synchronized (this) {
                g = graph;
                if (g == null) {
                    Graph<DeviceId, Link> built = GraphTypeBuilder.<DeviceId, Link>directed()
                            .allowingMultipleEdges(true).allowingSelfLoops(false).weighted(false).buildGraph();
                    devices.keySet().forEach(built::addVertex);
                    links.forEach(l -> built.addEdge(l.src().deviceId(), l.dst().deviceId(), l));
                    graph = g = new AsUnmodifiableGraph<>(built);
                }
            }
        }
        return g;
    }

    /** Hosts in identity order. */
    public List<Host> hosts() {
        return hosts;
    }

    /** Hosts with this MAC address (one per VLAN it is seen in). */
    public List<Host> hostsByMac(MacAddress mac) {
        return Collections.unmodifiableList(hostsByMac.getOrDefault(mac, List.of()));
    }

    /** Hosts that have sent from this IPv4 address. */
    public List<Host> hostsByIp(Ip4Address ip) {
        return Collections.unmodifiableList(hostsByIp.getOrDefault(ip, List.of()));
    }

    @Override
    public String toString() {
        return "topology v" + version + " (" + devices.size() + " switches, " + links.size() + " links, "
                + hosts.size() + " hosts)";
    }
}
