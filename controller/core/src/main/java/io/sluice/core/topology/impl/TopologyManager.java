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
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.LinkProviderService;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import io.sluice.core.topology.TopologyListener;
import io.sluice.core.topology.TopologyService;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topology: switches (mirrored from the switch inventory), links and hosts (reported by
 * providers), under one lock so that every snapshot is consistent. Decides what the providers'
 * reports mean:
 *
 * <ul>
 *   <li>a link joins two switches (never a switch to itself) at known ports that are up; a port
 *       going down or away, or its switch leaving, takes its links (and hosts) with it at once;
 *   <li>a port carries at most one link in each direction (OpenFlow fabrics are point to point):
 *       a probe from the same port arriving somewhere new means the cable moved;
 *   <li>hosts are learned only on edge ports that are up: never on a port a link starts or ends
 *       at, and a host learned on a port that later turns out to face a switch is forgotten;
 *   <li>an IPv4 address belongs to one host per VLAN: an ARP claim takes it from the host that
 *       had it, a plain IPv4 packet only adds an address nobody has.
 * </ul>
 *
 * <p>Snapshots are built lazily, at most once per change, on the first read after it. Events are
 * queued in version order under the lock and delivered by whichever thread gets to them first,
 * one thread at a time, so every listener sees every change once and in order.
 */
public final class TopologyManager implements TopologyService, LinkProviderService, HostProviderService {
    private static final Logger log = LoggerFactory.getLogger(TopologyManager.class);

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
    /** Who has each address, per VLAN: (vlan << 32 | address) to host. */
    private final Map<Long, HostId> addressOwners = new HashMap<>();
    /** Not topology (it changes with every packet), so kept out of the snapshots. */
    private final Map<HostId, Instant> lastSeen = new ConcurrentHashMap<>();
    private long version;
    private Topology cached;

    /** Changes in version order, waiting to be delivered; filled under {@code lock}. */
    private final Queue<TopologyEvent> undelivered = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    public TopologyManager(DeviceService deviceService, PortSpeedOverrides speeds, Clock clock) {
        this.deviceService = deviceService;
        this.speeds = speeds;
        this.clock = clock;
    }

    /** Starts following the switch inventory, taking in the switches it already has. */
    public void activate() {
        deviceService.addListener(deviceListener);
        synchronized (lock) {
            for (Device d : deviceService.getDevices()) {
                if (devices.put(d.id(), d) == null) {
                    change(TopologyEvent.Type.SWITCH_ADDED, d);
                }
            }
        }
        deliver();
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
    public Optional<Instant> lastSeen(HostId host) {
        return Optional.ofNullable(lastSeen.get(host));
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
        synchronized (lock) {
            Device d = e.subject();
            DeviceId id = d.id();
            switch (e.type()) {
                case DEVICE_ADDED:
                    devices.put(id, d);
                    change(TopologyEvent.Type.SWITCH_ADDED, d);
                    break;
                case DEVICE_REMOVED:
                    if (devices.remove(id) != null) {
                        String why = "switch " + id + " left";
                        removeLinks(new ArrayList<>(linksBySrc.values()),
                                l -> l.src().deviceId().equals(id) || l.dst().deviceId().equals(id), why);
                        removeHosts(h -> h.location().deviceId().equals(id), why);
                        change(TopologyEvent.Type.SWITCH_REMOVED, d);
                    }
                    break;
                default:
                    if (devices.containsKey(id)) {
                        onPortEvent(e, d);
                    }
            }
        }
        deliver();
    }

    private void onPortEvent(DeviceEvent e, Device d) {
        devices.put(d.id(), d);
        change(TopologyEvent.Type.SWITCH_UPDATED, d);
        Port port = e.port().orElseThrow();
        ConnectPoint cp = ConnectPoint.of(d.id(), port.number());
        if (e.type() == DeviceEvent.Type.PORT_REMOVED || !port.isUp()) {
            String why = "port " + cp + (e.type() == DeviceEvent.Type.PORT_REMOVED ? " removed" : " down");
            removeLinks(candidates(cp, cp), l -> l.touches(cp), why);
            removeHosts(h -> h.location().equals(cp), why);
            return;
        }
        for (Link l : candidates(cp, cp)) {
            if (l.touches(cp)) {
                long capacity = capacityOf(l.src(), l.dst());
                if (capacity != l.capacityBps()) {
                    Link updated = l.withCapacity(capacity);
                    putLink(updated);
                    change(TopologyEvent.Type.LINK_UPDATED, updated);
                }
            }
        }
    }

    // ---- links ----

    @Override
    public boolean linkDetected(ConnectPoint src, ConnectPoint dst) {
        boolean taken;
        synchronized (lock) {
            taken = !src.deviceId().equals(dst.deviceId()) && upPort(src).isPresent() && upPort(dst).isPresent();
            if (taken) {
                detect(src, dst);
            }
        }
        deliver();
        return taken;
    }

    private void detect(ConnectPoint src, ConnectPoint dst) {
        long capacity = capacityOf(src, dst);
        Link existing = linksBySrc.get(src);
        if (existing != null && existing.dst().equals(dst) && existing.capacityBps() == capacity) {
            return;
        }
        // One link per port and direction: whatever else started here or ended there is gone.
        removeLinks(candidates(src, dst), l -> l.src().equals(src) || l.dst().equals(dst),
                "replaced by " + src + " -> " + dst);
        Link link = Link.of(src, dst, capacity);
        putLink(link);
        change(TopologyEvent.Type.LINK_ADDED, link);
        log.info("link {} up ({})", link, rate(capacity));
        removeHosts(h -> h.location().equals(src) || h.location().equals(dst),
                "its port faces a switch (" + link + ")");
    }

    @Override
    public void linkVanished(ConnectPoint src, ConnectPoint dst) {
        synchronized (lock) {
            removeLinks(candidates(src, dst), l -> l.src().equals(src) && l.dst().equals(dst), "probes stopped arriving");
        }
        deliver();
    }

    private void putLink(Link link) {
        linksBySrc.put(link.src(), link);
        linksByDst.put(link.dst(), link);
    }

    /**
     * The links that start at {@code src} or end at {@code dst}, or start or end at either: the
     * only ones a change at those ports can touch. By index, so one link event costs the same in a
     * fabric of ten links as in one of forty thousand.
     */
    private List<Link> candidates(ConnectPoint src, ConnectPoint dst) {
        Set<Link> out = new LinkedHashSet<>();
        for (ConnectPoint cp : List.of(src, dst)) {
            Link from = linksBySrc.get(cp);
            Link to = linksByDst.get(cp);
            if (from != null) {
                out.add(from);
            }
            if (to != null) {
                out.add(to);
            }
        }
        return new ArrayList<>(out);
    }

    /** Removes those of {@code candidates} that {@code which} selects. */
    private void removeLinks(List<Link> candidates, Predicate<Link> which, String why) {
        for (Link l : candidates) {
            if (which.test(l)) {
                linksBySrc.remove(l.src());
                linksByDst.remove(l.dst(), l);
                change(TopologyEvent.Type.LINK_REMOVED, l);
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
    public boolean hostSeen(MacAddress mac, int vlan, Ip4Address ip, IpSource ipSource, ConnectPoint location) {
        synchronized (lock) {
            // A reserved port (a switch's own LOCAL interface, say) is no place for a host: frames
            // cannot be sent out of it, so nothing could reach or probe a host learnt there.
            if (upPort(location).filter(Port::isPhysical).isEmpty() || linksBySrc.containsKey(location)
                    || linksByDst.containsKey(location)) {
                return false;
            }
            HostId id = HostId.of(mac, vlan);
            lastSeen.put(id, clock.instant());
            see(id, ip, ipSource, location);
        }
        deliver();
        return true;
    }

    private void see(HostId id, Ip4Address ip, IpSource ipSource, ConnectPoint location) {
        Host before = hosts.get(id);
        Host after = before == null ? Host.of(id, Set.of(), location) : before.at(location);
        if (ip != null && claim(id, ip, ipSource)) {
            after = after.withIp(ip);
        }
        if (after.equals(before)) {
            return;
        }
        hosts.put(id, after);
        forgetDroppedAddresses(before, after);
        if (before == null) {
            change(TopologyEvent.Type.HOST_ADDED, after);
            log.info("host {} {} attached at {}", id, after.ips(), location);
        } else if (!before.location().equals(location)) {
            change(TopologyEvent.Type.HOST_MOVED, after);
            log.info("host {} moved from {} to {}", id, before.location(), location);
        } else {
            change(TopologyEvent.Type.HOST_UPDATED, after);
            log.info("host {} now has {}", id, after.ips());
        }
    }

    /**
     * Whether {@code claimant} may have {@code ip}: yes if it has it or nobody does; if another
     * host has it, only an ARP claim takes it over (and the other host loses it).
     */
    private boolean claim(HostId claimant, Ip4Address ip, IpSource source) {
        long key = addressKey(claimant.vlan(), ip);
        HostId owner = addressOwners.get(key);
        if (claimant.equals(owner)) {
            return true;
        }
        if (owner != null) {
            if (source != IpSource.ARP) {
                return false;
            }
            Host loser = hosts.get(owner).withoutIp(ip);
            hosts.put(owner, loser);
            change(TopologyEvent.Type.HOST_UPDATED, loser);
            log.info("host {} gave up {} to {}", owner, ip, claimant);
        }
        addressOwners.put(key, claimant);
        return true;
    }

    /** A host holds only so many addresses: ones it dropped are nobody's now. */
    private void forgetDroppedAddresses(Host before, Host after) {
        if (before != null) {
            for (Ip4Address ip : before.ips()) {
                if (!after.ips().contains(ip)) {
                    addressOwners.remove(addressKey(after.id().vlan(), ip), after.id());
                }
            }
        }
    }

    private static long addressKey(int vlan, Ip4Address ip) {
        return ((long) vlan << 32) | (ip.toInt() & 0xFFFF_FFFFL);
    }

    @Override
    public int expireHosts(Instant cutoff) {
        int before;
        int after;
        synchronized (lock) {
            before = hosts.size();
            removeHosts(h -> lastSeen.getOrDefault(h.id(), Instant.MIN).isBefore(cutoff), "not seen since " + cutoff);
            after = hosts.size();
        }
        deliver();
        return before - after;
    }

    private void removeHosts(Predicate<Host> which, String why) {
        for (Host h : new ArrayList<>(hosts.values())) {
            if (which.test(h)) {
                hosts.remove(h.id());
                lastSeen.remove(h.id());
                h.ips().forEach(ip -> addressOwners.remove(addressKey(h.id().vlan(), ip), h.id()));
                change(TopologyEvent.Type.HOST_REMOVED, h);
                log.info("host {} at {} forgotten: {}", h.id(), h.location(), why);
            }
        }
    }

    // ---- events ----

    /** Records one change: a new version, and its event queued for delivery. Call with the lock held. */
    private void change(TopologyEvent.Type type, Object subject) {
        version++;
        cached = null;
        if (subject instanceof Device) {
            undelivered.add(TopologyEvent.of(type, version, (Device) subject));
        } else if (subject instanceof Link) {
            undelivered.add(TopologyEvent.of(type, version, (Link) subject));
        } else {
            undelivered.add(TopologyEvent.of(type, version, (Host) subject));
        }
    }

    /**
     * Delivers queued events, in order, one thread at a time. Call without the lock. A thread that
     * finds another delivering leaves its events to it; a listener that changes the topology from
     * inside a callback has its events delivered after the current one has reached everybody.
     */
    private void deliver() {
        if (delivering.isHeldByCurrentThread()) {
            return;
        }
        while (!undelivered.isEmpty() && delivering.tryLock()) {
            try {
                TopologyEvent e;
                while ((e = undelivered.poll()) != null) {
                    listeners.post(e);
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    private static String rate(long bps) {
        if (bps == 0) {
            return "capacity unknown";
        }
        return bps % 1_000_000_000L == 0 ? bps / 1_000_000_000L + " Gbit/s" : bps / 1_000_000 + " Mbit/s";
    }
}
