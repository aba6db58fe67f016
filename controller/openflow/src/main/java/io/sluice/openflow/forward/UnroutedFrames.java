package io.sluice.openflow.forward;

import io.sluice.core.device.DeviceId;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.PacketInListener;
import io.sluice.openflow.packet.Frames;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frames no rule forwarded (table-miss packet-ins, other than discovery and ARP): a unicast frame
 * for a known host is delivered at the host's port, so no packet is lost while its routes are still
 * being written; a broadcast or multicast frame is flooded to edge ports once; a frame for an
 * unknown host is dropped (its sender will ARP, and that teaches us where it goes).
 */
public final class UnroutedFrames implements PacketInListener {
    private static final Logger log = LoggerFactory.getLogger(UnroutedFrames.class);
    private static final int VLAN_TPID = 0x8100;
    private final TopologyService topology;
    private final FrameSender sender;
    private final ForwardingCounters counters;
    private final RecentFloods floods;

    public UnroutedFrames(Function<DeviceId, Optional<OpenFlowSwitch>> switches, TopologyService topology,
            ForwardingCounters counters, LongSupplier nanoClock) {
        this.topology = topology;
        this.sender = new FrameSender(switches);
        this.counters = counters;
        this.floods = new RecentFloods(Duration.ofSeconds(1).toNanos(), nanoClock);
    }

    @Override
    public void packetIn(ConnectPoint ingress, byte[] frame) {
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
            if (t.isInfrastructure(ingress)) {
                counters.strayAtFabricPort.increment();
                log.debug("{}: frame from another switch ignored: {}", ingress, Frames.summary(frame));
                return; // the controller floods to edges only, so this came round a loop before discovery
            }
            if (floods.firstSighting(frame)) {
                sender.sendTo(EdgePorts.allBut(t, ingress), frame);
                counters.flooded.increment();
            } else {
                counters.repeatFloodsDropped.increment();
            }
            return;
        }
        HostId dst = HostId.of(MacAddress.of(mac(frame)), vlan(frame));
        Optional<Host> to = t.hostsByMac(dst.mac()).stream().filter(h -> h.id().equals(dst)).findFirst();
        if (to.isPresent() && !to.get().location().equals(ingress) && sender.sendTo(to.get().location(), frame)) {
            counters.delivered.increment();
            log.debug("{}: frame for {} delivered at {} (no route on the switches yet)", ingress, dst,
                    to.get().location());
        } else {
            counters.unknownDestinationDropped.increment();
            log.debug("{}: frame for {} dropped: no such host", ingress, dst);
        }
    }

    private static long mac(byte[] frame) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (frame[i] & 0xFF);
        }
        return v;
    }

    private static int vlan(byte[] frame) {
        int tpid = ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF);
        return tpid == VLAN_TPID && frame.length >= 16 ? (((frame[14] & 0x0F) << 8) | (frame[15] & 0xFF)) : HostId.UNTAGGED;
    }
}
