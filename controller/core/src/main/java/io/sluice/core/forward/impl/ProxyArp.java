package io.sluice.core.forward.impl;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.route.RouteService;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketService;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.onlab.packet.ARP;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles every ARP frame (the base pipeline sends them all to the controller): a request for a
 * known address is answered from the host table at the asker's port; anything else is delivered
 * to the host it is addressed to or flooded to edge ports, never across the fabric. Address probes
 * (sender 0.0.0.0) and gratuitous ARP are flooded, not answered: only the owner can answer those. An answer or a
 * reply that tells a host where to send next waits until the routes to that address are installed,
 * so the first packet sent on the strength of it is forwarded by the switches, not lost.
 */
public final class ProxyArp implements PacketProcessor {
    private static final Logger log = LoggerFactory.getLogger(ProxyArp.class);
    private final TopologyService topology;
    private final RouteService routes;
    private final FrameSender frames;
    private final ForwardingCounters counters;
    private final Duration routeWait;
    private final FloodMemory floods;

    /**
     * @param routeWait longest an answer waits for routes; after that it is sent anyway, and the
     *     controller delivers what the switches cannot yet forward
     */
    public ProxyArp(PacketService packets, TopologyService topology, RouteService routes,
            ForwardingCounters counters, Duration routeWait, FloodMemory floods) {
        this.topology = topology;
        this.routes = routes;
        this.frames = new FrameSender(packets);
        this.counters = counters;
        this.routeWait = routeWait;
        this.floods = floods;
    }

    /** An ARP frame that reached the controller (the packet service sends only those). */
    @Override
    public void process(InboundPacket packet) {
        ConnectPoint ingress = packet.receivedFrom();
        byte[] frame = packet.frame();
        if (Frames.etherType(frame) != Frames.ARP) {
            return;
        }
        Ethernet eth;
        ARP arp;
        try {
            eth = Ethernet.deserializer().deserialize(frame, 0, frame.length);
            arp = (ARP) eth.getPayload();
        } catch (DeserializationException | RuntimeException e) {
            counters.malformed.increment();
            log.debug("{}: unreadable ARP frame: {}", ingress, e.getMessage());
            return;
        }
        if (arp.getHardwareType() != ARP.HW_TYPE_ETHERNET || arp.getProtocolType() != ARP.PROTO_TYPE_IP
                || arp.getSenderProtocolAddress().length != 4 || arp.getTargetProtocolAddress().length != 4) {
            counters.malformed.increment();
            return;
        }
        if (eth.getDestinationMAC().toLong() == Frames.CONTROLLER_MAC) {
            return; // an answer to the controller's own liveness probe: host discovery has what it needs
        }
        Topology t = topology.currentTopology();
        if (t.isInfrastructure(ingress)) {
            counters.strayAtFabricPort.increment();
            log.debug("{}: frame from another switch ignored: {}", ingress, Frames.summary(frame));
            return; // ARP is never sent across a link; one arriving there is a stray from before discovery
        }
        int vlan = eth.getVlanID() == Ethernet.VLAN_UNTAGGED ? HostId.UNTAGGED : eth.getVlanID() & 0xFFF;
        HostId asker = HostId.of(MacAddress.of(eth.getSourceMAC().toLong()), vlan);
        Ip4Address sender = ip(arp.getSenderProtocolAddress());
        Ip4Address target = ip(arp.getTargetProtocolAddress());
        if (arp.getOpCode() == ARP.OP_REQUEST && !sender.equals(target) && !sender.isUnspecified()) {
            // An address probe (sender 0.0.0.0, RFC 5227) asks whether anyone uses the address now:
            // only the owner can say, so it is flooded, never answered from a table that may be stale.
            Optional<Host> known = t.hostsByIp(target).stream().filter(h -> h.id().vlan() == vlan).findFirst();
            if (known.isPresent() && !known.get().id().equals(asker)) {
                answer(ingress, eth, arp, known.get(), asker);
                return;
            }
        } else if (arp.getOpCode() == ARP.OP_REPLY && !eth.isBroadcast() && !eth.isMulticast()) {
            Optional<Host> to = t.hostsByMac(MacAddress.of(eth.getDestinationMAC().toLong())).stream()
                    .filter(h -> h.id().vlan() == vlan).findFirst();
            if (to.isPresent()) {
                // The asker will send to the replier next: let the reply through once routes to the replier are in.
                afterRoutes(asker, () -> {
                    if (frames.sendTo(to.get().location(), frame)) {
                        counters.arpDelivered.increment();
                        log.debug("{}: ARP reply {} -> {} delivered at {}", ingress, sender, target, to.get().location());
                    }
                });
                return;
            }
        }
        flood(ingress, frame, sender, target);
    }

    private void answer(ConnectPoint ingress, Ethernet request, ARP arp, Host known, HostId asker) {
        byte[] reply = reply(request, arp, known);
        afterRoutes(known.id(), () -> {
            if (frames.sendTo(ingress, reply)) {
                counters.arpAnswered.increment();
                log.debug("{}: answered ARP from {} for {} with {}", ingress, asker, ip(arp.getTargetProtocolAddress()),
                        known.id());
            }
        });
    }

    private void flood(ConnectPoint ingress, byte[] frame, Ip4Address sender, Ip4Address target) {
        if (!floods.floodIfNew(frame)) {
            counters.repeatFloodsDropped.increment();
            return;
        }
        int switches = frames.sendTo(EdgePorts.allBut(topology.currentTopology(), ingress), frame);
        counters.arpFlooded.increment();
        log.debug("{}: ARP {} asks for {}: unknown, flooded to edge ports of {} switch(es)", ingress, sender, target,
                switches);
    }

    private void afterRoutes(HostId host, Runnable then) {
        routes.whenRouted(host).orTimeout(routeWait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((ok, late) -> {
            if (late != null) {
                log.debug("routes to {} not confirmed within {}; answering anyway", host, routeWait);
            }
            then.run();
        });
    }

    private static byte[] reply(Ethernet request, ARP arp, Host known) {
        byte[] knownMac = org.onlab.packet.MacAddress.valueOf(known.id().mac().toLong()).toBytes();
        ARP answer = new ARP();
        answer.setHardwareType(ARP.HW_TYPE_ETHERNET)
                .setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) 6)
                .setProtocolAddressLength((byte) 4)
                .setOpCode(ARP.OP_REPLY)
                .setSenderHardwareAddress(knownMac)
                .setSenderProtocolAddress(arp.getTargetProtocolAddress())
                .setTargetHardwareAddress(arp.getSenderHardwareAddress())
                .setTargetProtocolAddress(arp.getSenderProtocolAddress());
        Ethernet eth = new Ethernet();
        eth.setDestinationMACAddress(request.getSourceMAC())
                .setSourceMACAddress(knownMac)
                .setEtherType(Ethernet.TYPE_ARP)
                .setVlanID(request.getVlanID())
                .setPayload(answer);
        return eth.serialize();
    }

    private static Ip4Address ip(byte[] four) {
        return Ip4Address.of(ByteBuffer.wrap(four).getInt());
    }
}
