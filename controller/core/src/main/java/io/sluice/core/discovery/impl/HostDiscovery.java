package io.sluice.core.discovery.impl;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.HostProviderService;
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.core.discovery.HostDiscoveryService;
import io.sluice.core.packet.ArpProbe;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketService;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.onlab.packet.ARP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns hosts from what they send, core's host provider: every frame from a unicast
 * source MAC is a sighting at its ingress port, with the sender's IPv4 address when the frame is
 * ARP (the sender fields, when they are the frame's own source) or IPv4. Core decides whether a
 * port may carry hosts at all (never one facing another switch). Hosts not seen for
 * {@code hostTimeout} are forgotten.
 *
 * <p>Once routes are installed a busy host's traffic never reaches the controller, so silence is
 * no sign of absence: a host quiet for half the timeout is sent an ARP probe (RFC 5227 form, from
 * {@link Frames#CONTROLLER_MAC} and 0.0.0.0) at its port every eighth of the timeout; its answer
 * is a sighting like any other. Only a host that stops answering expires.
 */
public final class HostDiscovery implements PacketProcessor, HostDiscoveryService {
    private static final Logger log = LoggerFactory.getLogger(HostDiscovery.class);
    private static final short UNTAGGED = Ethernet.VLAN_UNTAGGED;
    private static final long EXPIRY_EVERY_NANOS = 1_000_000_000L;

    private final PacketService packets;
    private final HostProviderService hosts;
    private final TopologyService view;
    private final FloodMemory floods;
    /** When each quiet host was last probed (nano clock). Touched by the timer thread only. */
    private final Map<HostId, Long> lastProbe = new HashMap<>();
    private final DiscoverySettings settings;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final AtomicLong lastExpiry;
    private final LongAdder malformed = new LongAdder();

    /**
     * @param clock     wall clock, for last-seen times
     * @param nanoClock monotonic clock, for pacing (a wall clock may step)
     */
    public HostDiscovery(PacketService packets, HostProviderService hosts, TopologyService view,
            FloodMemory floods, DiscoverySettings settings, Clock clock, LongSupplier nanoClock) {
        this.packets = packets;
        this.floods = floods;
        this.hosts = hosts;
        this.view = view;
        this.settings = settings;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.lastExpiry = new AtomicLong(nanoClock.getAsLong() - EXPIRY_EVERY_NANOS);
    }

    /** Forgets hosts not seen for the host timeout; does the work at most once a second. */
    public void tick() {
        long now = nanoClock.getAsLong();
        long last = lastExpiry.get();
        if (now - last < EXPIRY_EVERY_NANOS || !lastExpiry.compareAndSet(last, now)) {
            return;
        }
        int expired = hosts.expireHosts(clock.instant().minus(settings.hostTimeout()));
        if (expired > 0) {
            log.info("{} host(s) not seen for {} expired", expired, settings.hostTimeout());
        }
        probeQuietHosts(now);
    }

    private void probeQuietHosts(long now) {
        Instant quietSince = clock.instant().minus(settings.hostTimeout().dividedBy(2));
        long every = settings.hostTimeout().dividedBy(8).toNanos();
        Topology t = view.currentTopology();
        Set<HostId> present = new HashSet<>();
        for (Host h : t.hosts()) {
            present.add(h.id());
            Optional<Instant> seen = view.lastSeen(h.id());
            Long probed = lastProbe.get(h.id());
            if (h.ips().isEmpty() || seen.isEmpty() || seen.get().isAfter(quietSince)
                    || (probed != null && now - probed < every)) {
                continue;
            }
            Ip4Address ip = h.ips().iterator().next();
            try {
                if (packets.emit(OutboundPacket.toPort(h.location(),
                        ArpProbe.forAddress(ip, h.id().vlan(), h.id().mac())))) {
                    lastProbe.put(h.id(), now);
                    log.debug("{}: host {} quiet since {}, probing {}", h.location(), h.id(), seen.get(), ip);
                }
            } catch (RuntimeException e) {
                // One host that cannot be probed must not keep the others from it.
                log.warn("{}: host {} could not be probed: {}", h.location(), h.id(), e.toString());
            }
        }
        lastProbe.keySet().retainAll(present);
    }

    @Override
    public long malformedFrames() {
        return malformed.sum();
    }

    /** Every frame but discovery's: a sighting of its sender, if it is a host's. */
    @Override
    public void process(InboundPacket packet) {
        ConnectPoint ingress = packet.receivedFrom();
        byte[] data = packet.frame();
        if (data.length < 14 || Frames.isDiscovery(data) || (data[6] & 1) != 0) {
            return; // discovery frames are not hosts; a group source MAC is never one host
        }
        if (floods.recentlyFlooded(data)) {
            return; // the controller's own flood coming back over a link not yet discovered: not a sighting
        }
        Ethernet eth;
        try {
            eth = Ethernet.deserializer().deserialize(data, 0, data.length);
        } catch (DeserializationException | RuntimeException e) {
            malformed.increment();
            log.debug("{}: packet-in that is not an Ethernet frame: {}", ingress, e.getMessage());
            return;
        }
        MacAddress mac = MacAddress.of(eth.getSourceMAC().toLong());
        if (mac.toLong() == 0 || mac.toLong() == Frames.CONTROLLER_MAC) {
            return;
        }
        int vlan = eth.getVlanID() == UNTAGGED ? HostId.UNTAGGED : eth.getVlanID() & 0xFFF;
        Ip4Address ip = senderAddress(eth);
        IpSource source = ip == null ? null : eth.getPayload() instanceof ARP ? IpSource.ARP : IpSource.IP_PACKET;
        hosts.hostSeen(mac, vlan, ip, source, ingress);
    }

    /** The IPv4 address the frame's sender uses, or null when it does not say (or says nothing usable). */
    private static Ip4Address senderAddress(Ethernet eth) {
        Ip4Address ip = null;
        if (eth.getPayload() instanceof ARP) {
            ARP arp = (ARP) eth.getPayload();
            // A proxy may answer for another MAC: the address is the sender's only if the MACs agree.
            if (arp.getSenderProtocolAddress().length == 4
                    && Arrays.equals(arp.getSenderHardwareAddress(), eth.getSourceMAC().toBytes())) {
                ip = Ip4Address.of(ByteBuffer.wrap(arp.getSenderProtocolAddress()).getInt());
            }
        } else if (eth.getPayload() instanceof IPv4) {
            ip = Ip4Address.of(((IPv4) eth.getPayload()).getSourceAddress());
        }
        return ip == null || ip.isUnspecified() || ip.isMulticastOrBroadcast() ? null : ip;
    }
}
