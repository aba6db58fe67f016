package io.sluice.core.topology.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.Port;
import io.sluice.core.event.ListenerRegistry;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.HostProviderService;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.LinkProviderService;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import io.sluice.core.topology.TopologyListener;
import io.sluice.core.topology.TopologyService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology: switches (mirrored from the switch inventory), links and hosts (reported by
 * providers), under one lock so that every snapshot is consistent. Decides what the providers'
 * reports mean:
 *
 * <ul>
 *   <li>a link needs both ends to be known ports that are up; a port going down or away, or its
 *       switch leaving, takes its links (and hosts) with it at once;
 *   <li>a port carries at most one link in each direction (OpenFlow fabrics are point to point):
 *       a probe from the same port arriving somewhere new means the cable moved;
 *   <li>hosts are learned only on edge ports: never on a port a link starts or ends at, and a
 *       host learned on a port that later turns out to face a switch is forgotten;
 *   <li>an IPv4 address belongs to one host per VLAN: a newer claim takes it from the older.
 * </ul>
 *
 * <p>Snapshots are built lazily, at most once per change, on the first read after it.
 */
public final class TopologyManager implements TopologyService, LinkProviderService, HostProviderService {
    private static final Logger log = LoggerFactory.getLogger(TopologyManager.class);
    /** Last-seen times refresh at most this often per host: they feed expiry, not routing. */
    private static final Duration LAST_SEEN_GRANULARITY = Duration.ofSeconds(1);

    private final DeviceService deviceService;
    private final PortSpeedOverrides speeds;
    private final Clock clock;
    private final ListenerRegistry<TopologyEvent, TopologyListener> listeners = new ListenerRegistry<>();
    private final DeviceListener deviceListener = this::onDeviceEvent;

    private final Object lock = new Object();
    private final Map<DeviceId, Device> devices = new HashMap<>();
    private final Map<ConnectPoint, Link> linksBySrc = new HashMap<>();
    private final Map<ConnectPoint, Link> linksByDst = new HashMap<>();
    private final Map<HostId, Host> hosts = new HashMap<>();
    private long version;
    private Topology cached;

    public TopologyManager(DeviceService deviceService, PortSpeedOverrides speeds, Clock clock) {
        this.deviceService = deviceService;
        this.speeds = speeds;
        this.clock = clock;
    }

    /** Starts following the switch inventory, taking in the switches it already has. */
    public void activate() {
        deviceService.addListener(deviceListener);
        List<TopologyEvent> out = new ArrayList<>();
        synchronized (lock) {
            for (Device d : deviceService.getDevices()) {
                if (devices.put(d.id(), d) == null) {
                    out.add(change(TopologyEvent.Type.SWITCH_ADDED, d));
                }
            }
        }
        out.forEach(listeners::post);
    }

    public void deactivate() {
        deviceService.removeListener(deviceListener);
    }

    // ---- TopologyService ----

    @Override
    public Topology currentTopology() {
        synchronized (lock) {
            if (cached == null) {
                cached = Topology.of(version, devices.values(), linksBySrc.values(), hosts.values());
            }
            return cached;
        }
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }

    // ---- switches ----

    private void onDeviceEvent(DeviceEvent e) {
        List<TopologyEvent> out = new ArrayList<>();
        synchronized (lock) {
            Device d = e.subject();
            DeviceId id = d.id();
            switch (e.type()) {
                case DEVICE_ADDED:
                    devices.put(id, d);
                    out.add(change(TopologyEvent.Type.SWITCH_ADDED, d));
                    break;
                case DEVICE_REMOVED:
                    if (devices.remove(id) != null) {
                        removeLinks(l -> l.src().deviceId().equals(id) || l.dst().deviceId().equals(id), out,
                                "switch " + id + " left");
                        removeHosts(h -> h.location().deviceId().equals(id), out, "switch " + id + " left");
                        out.add(change(TopologyEvent.Type.SWITCH_REMOVED, d));
                    }
                    break;
                default:
                    if (devices.containsKey(id)) {
                        onPortEvent(e, d, out);
                    }
            }
        }
        out.forEach(listeners::post);
    }

    private void onPortEvent(DeviceEvent e, Device d, List<TopologyEvent> out) {
        devices.put(d.id(), d);
        out.add(change(TopologyEvent.Type.SWITCH_UPDATED, d));
        Port port = e.port().orElseThrow();
        ConnectPoint cp = ConnectPoint.of(d.id(), port.number());
        if (e.type() == DeviceEvent.Type.PORT_REMOVED || !port.isUp()) {
            String why = "port " + cp + (e.type() == DeviceEvent.Type.PORT_REMOVED ? " removed" : " down");
            removeLinks(l -> l.touches(cp), out, why);
            removeHosts(h -> h.location().equals(cp), out, why);
            return;
        }
        for (Link l : new ArrayList<>(linksBySrc.values())) {
            if (l.touches(cp)) {
                long capacity = capacityOf(l.src(), l.dst());
                if (capacity != l.capacityBps()) {
                    Link updated = l.withCapacity(capacity);
                    putLink(updated);
                    out.add(change(TopologyEvent.Type.LINK_UPDATED, updated));
                }
            }
        }
    }

    // ---- links ----

    @Override
    public boolean linkDetected(ConnectPoint src, ConnectPoint dst) {
        List<TopologyEvent> out = new ArrayList<>();
        boolean taken;
        synchronized (lock) {
            taken = !src.equals(dst) && upPort(src).isPresent() && upPort(dst).isPresent();
            if (taken) {
                detect(src, dst, out);
            }
        }
        out.forEach(listeners::post);
        return taken;
    }

    private void detect(ConnectPoint src, ConnectPoint dst, List<TopologyEvent> out) {
        long capacity = capacityOf(src, dst);
        Link existing = linksBySrc.get(src);
        if (existing != null && existing.dst().equals(dst) && existing.capacityBps() == capacity) {
            return;
        }
        // One link per port and direction: whatever else started here or ended there is gone.
        removeLinks(l -> l.src().equals(src) || l.dst().equals(dst), out, "replaced by " + src + " -> " + dst);
        Link link = Link.of(src, dst, capacity);
        putLink(link);
        out.add(change(TopologyEvent.Type.LINK_ADDED, link));
        log.info("link {} up ({})", link, rate(capacity));
        removeHosts(h -> h.location().equals(src) || h.location().equals(dst), out,
                "its port faces a switch (" + link + ")");
    }

    @Override
    public void linkVanished(ConnectPoint src, ConnectPoint dst) {
        List<TopologyEvent> out = new ArrayList<>();
        synchronized (lock) {
            removeLinks(l -> l.src().equals(src) && l.dst().equals(dst), out, "probes stopped arriving");
        }
        out.forEach(listeners::post);
    }

    private void putLink(Link link) {
        linksBySrc.put(link.src(), link);
        linksByDst.put(link.dst(), link);
    }

    private void removeLinks(Predicate<Link> which, List<TopologyEvent> out, String why) {
        for (Link l : new ArrayList<>(linksBySrc.values())) {
            if (which.test(l)) {
                linksBySrc.remove(l.src());
                linksByDst.remove(l.dst(), l);
                out.add(change(TopologyEvent.Type.LINK_REMOVED, l));
                log.info("link {} down: {}", l, why);
            }
        }
    }

    private long capacityOf(ConnectPoint src, ConnectPoint dst) {
        return speeds.capacityBps(src, port(src).orElseThrow(), dst, port(dst).orElseThrow());
    }

    private Optional<Port> port(ConnectPoint cp) {
        Device d = devices.get(cp.deviceId());
        return d == null ? Optional.empty() : d.port(cp.port());
    }

    private Optional<Port> upPort(ConnectPoint cp) {
        return port(cp).filter(Port::isUp);
    }

    // ---- hosts ----

    @Override
    public boolean hostSeen(MacAddress mac, int vlan, Ip4Address ip, ConnectPoint location) {
        List<TopologyEvent> out = new ArrayList<>();
        synchronized (lock) {
            if (port(location).isEmpty() || linksBySrc.containsKey(location) || linksByDst.containsKey(location)) {
                return false;
            }
            see(HostId.of(mac, vlan), ip, location, out);
        }
        out.forEach(listeners::post);
        return true;
    }

    private void see(HostId id, Ip4Address ip, ConnectPoint location, List<TopologyEvent> out) {
        Instant now = clock.instant();
        Host before = hosts.get(id);
        Host after = before == null ? Host.of(id, Set.of(), location, now) : before;
        if (ip != null) {
            takeAddress(id, ip, out);
            after = after.withIp(ip);
        }
        if (!after.location().equals(location)) {
            after = after.at(location);
        }
        if (before == null) {
            hosts.put(id, after);
            out.add(change(TopologyEvent.Type.HOST_ADDED, after));
            log.info("host {} {} attached at {}", id, after.ips(), location);
        } else if (!before.sameAs(after)) {
            after = after.seenAt(now);
            hosts.put(id, after);
            boolean moved = !before.location().equals(location);
            out.add(change(moved ? TopologyEvent.Type.HOST_MOVED : TopologyEvent.Type.HOST_UPDATED, after));
            log.info("host {} {}", id, moved ? "moved from " + before.location() + " to " + location
                    : "now has " + after.ips());
        } else if (Duration.between(before.lastSeen(), now).compareTo(LAST_SEEN_GRANULARITY) >= 0) {
            // Fresher last-seen time, same topology: same version, new snapshot on the next read.
            hosts.put(id, before.seenAt(now));
            cached = null;
        }
    }

    /** An address belongs to one host per VLAN: whoever claimed it before loses it. */
    private void takeAddress(HostId claimant, Ip4Address ip, List<TopologyEvent> out) {
        for (Host h : new ArrayList<>(hosts.values())) {
            if (!h.id().equals(claimant) && h.id().vlan() == claimant.vlan() && h.ips().contains(ip)) {
                Host without = h.withoutIp(ip);
                hosts.put(h.id(), without);
                out.add(change(TopologyEvent.Type.HOST_UPDATED, without));
                log.info("host {} gave up {} to {}", h.id(), ip, claimant);
            }
        }
    }

    @Override
    public int expireHosts(Instant cutoff) {
        List<TopologyEvent> out = new ArrayList<>();
        synchronized (lock) {
            removeHosts(h -> h.lastSeen().isBefore(cutoff), out, "not seen since " + cutoff);
        }
        out.forEach(listeners::post);
        return out.size();
    }

    private void removeHosts(Predicate<Host> which, List<TopologyEvent> out, String why) {
        for (Host h : new ArrayList<>(hosts.values())) {
            if (which.test(h)) {
                hosts.remove(h.id());
                out.add(change(TopologyEvent.Type.HOST_REMOVED, h));
                log.info("host {} at {} forgotten: {}", h.id(), h.location(), why);
            }
        }
    }

    // ---- helpers ----

    /** Records one change: a new version, and an event that names it. Call with the lock held. */
    private TopologyEvent change(TopologyEvent.Type type, Object subject) {
        version++;
        cached = null;
        if (subject instanceof Device) {
            return TopologyEvent.of(type, version, (Device) subject);
        }
        return subject instanceof Link ? TopologyEvent.of(type, version, (Link) subject)
                : TopologyEvent.of(type, version, (Host) subject);
    }

    private static String rate(long bps) {
        if (bps == 0) {
            return "capacity unknown";
        }
        return bps % 1_000_000_000L == 0 ? bps / 1_000_000_000L + " Gbit/s" : bps / 1_000_000 + " Mbit/s";
    }
}
