package io.sluice.core.forward.impl;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.packet.ArpProbe;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketService;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames no rule forwarded (table misses, other than discovery and ARP): a unicast frame
 * for a known host is delivered at the host's port, so no packet is lost while its routes are still
 * being written; a broadcast or multicast frame is flooded to edge ports once (802.1D link-local
 * ones never); a frame for an unknown host is dropped, and if it is IPv4 the controller asks for
 * its address on the edge ports, so the answer teaches host discovery where it lives.
 */
public final class UnroutedFrames implements PacketProcessor {
    private static final Logger log = LoggerFactory.getLogger(UnroutedFrames.class);
    private final TopologyService topology;
    private final FrameSender sender;
    private final ForwardingCounters counters;
    private final FloodMemory floods;

    public UnroutedFrames(PacketService packets, TopologyService topology, ForwardingCounters counters,
            FloodMemory floods) {
        this.topology = topology;
        this.sender = new FrameSender(packets);
        this.counters = counters;
        this.floods = floods;
    }

    /** A frame no rule sent up on purpose: a table miss (the packet service sends only those). */
    @Override
    public void process(InboundPacket packet) {
        ConnectPoint ingress = packet.receivedFrom();
        byte[] frame = packet.frame();
        int type = Frames.etherType(frame);
        if (type < 0) {
            counters.malformed.increment();
            return;
        }
        if (type == Frames.ARP || Frames.isDiscovery(frame)) {
            return;
        }
        Topology t = topology.currentTopology();
        if (Frames.isGroupDestination(frame)) {
            flood(t, ingress, frame);
            return;
        }
        HostId dst = HostId.of(MacAddress.of(Frames.destinationMac(frame)), Frames.vlan(frame));
        Optional<Host> to = t.hostsByMac(dst.mac()).stream().filter(h -> h.id().equals(dst)).findFirst();
        if (to.isPresent() && !to.get().location().equals(ingress) && sender.sendTo(to.get().location(), frame)) {
            counters.delivered.increment();
            log.debug("{}: frame for {} delivered at {} (no route on the switches yet)", ingress, dst,
                    to.get().location());
            return;
        }
        counters.unknownDestinationDropped.increment();
        Ip4Address ip = Frames.ipv4Destination(frame);
        if (to.isEmpty() && ip != null && !t.isInfrastructure(ingress)) {
            // Its sender still knows where it goes (a switch reconnected and forgot its hosts, say):
            // ask for the address on every edge port, so the answer teaches us where it lives.
            byte[] probe = ArpProbe.forAddress(ip, dst.vlan(), null);
            if (floods.floodIfNew(probe)) {
                sender.sendTo(EdgePorts.allBut(t, ingress), probe);
                counters.unknownDestinationProbed.increment();
            }
        }
        log.debug("{}: frame for unknown host {} ({}) dropped", ingress, dst, ip == null ? "not IPv4" : ip);
    }

    private void flood(Topology t, ConnectPoint ingress, byte[] frame) {
        if (Frames.isLinkLocalDestination(frame)) {
            counters.linkLocalDropped.increment(); // STP, LACP, 802.1X: never forwarded by a bridge
            return;
        }
        if (t.isInfrastructure(ingress)) {
            counters.strayAtFabricPort.increment();
            log.debug("{}: frame from another switch ignored: {}", ingress, Frames.summary(frame));
            return; // the controller floods to edges only, so this came round a loop before discovery
        }
        if (floods.floodIfNew(frame)) {
            sender.sendTo(EdgePorts.allBut(t, ingress), frame);
            counters.flooded.increment();
        } else {
            counters.repeatFloodsDropped.increment();
        }
    }
}
