package io.sluice.core.discovery.impl;

import io.sluice.core.device.Ids;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.net.MacAddress;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketDispatch;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.impl.PacketManager;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.impl.TopologyManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in southbound for discovery tests: switches known only to core's inventory, wired by
 * cables that exist only in memory. A frame sent out of one end of a cable comes back into core as
 * a frame received at the other end, as a real switch's LLDP rule would send it. The real thing is
 * tested on Open vSwitch in the tests module.
 */
final class InMemoryFabric {
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final DeviceManager devices = new DeviceManager();
    final TopologyManager topology;
    private final Set<DeviceId> connected = ConcurrentHashMap.newKeySet();
    private final List<OutboundPacket> sent = new ArrayList<>();
    final PacketManager packets;
    private final Map<ConnectPoint, ConnectPoint> cables = new HashMap<>();
    /** Every frame sent out of a port with no cable, by port: what a host there would hear. */
    final Map<ConnectPoint, List<byte[]>> heardByHosts = new HashMap<>();

    InMemoryFabric() {
        this(Clock.systemUTC());
    }

    InMemoryFabric(Clock clock) {
        topology = new TopologyManager(devices, PortSpeedOverrides.NONE, clock);
        topology.activate();
        // Discovery writes no rules: every write is confirmed at once.
        FlowRuleManager rules = new FlowRuleManager((device, ops) -> CompletableFuture.completedFuture(null), devices);
        packets = new PacketManager(p -> {
            if (!connected.contains(p.device())) {
                return false;
            }
            synchronized (sent) {
                sent.add(p);
            }
            return true;
        }, rules);
        devices.addListener(e -> {
            if (e.type() == io.sluice.core.device.DeviceEvent.Type.DEVICE_REMOVED) {
                connected.remove(e.subject().id());
            }
        });
    }

    /** Frames reach only these processors: link discovery, host learning (both may be null). */
    void dispatchTo(PacketProcessor linkDiscovery, PacketProcessor hostLearning) {
        PacketProcessor drop = p -> { };
        packets.dispatchTo(PacketDispatch.of(linkDiscovery == null ? drop : linkDiscovery,
                hostLearning == null ? drop : hostLearning, drop, drop, drop));
    }

    /** Connects a switch with ports 1..ports, all up. */
    void connect(long dpid, int ports) {
        Device.Builder d = Device.builder(Ids.of(dpid)).protocol("in-memory").tableCount(2);
        for (int p = 1; p <= ports; p++) {
            d.port(port(p, "s" + dpid + "-eth" + p));
        }
        connected.add(Ids.of(dpid));
        devices.deviceConnected(d.build());
    }

    static Port port(long number, String name) {
        return Port.builder(number).name(name).hwAddress(MacAddress.of(0x0200_0000_0000L | number))
                .adminUp(true).linkUp(true).build();
    }

    void cable(ConnectPoint a, ConnectPoint b) {
        cables.put(a, b);
        cables.put(b, a);
    }

    void cut(ConnectPoint a) {
        cables.remove(cables.remove(a));
    }

    /** Delivers every frame sent so far across its cable; returns how many arrived somewhere. */
    int pump() {
        List<OutboundPacket> now;
        synchronized (sent) {
            now = new ArrayList<>(sent);
            sent.clear();
        }
        int delivered = 0;
        for (OutboundPacket p : now) {
            for (long port : p.ports()) {
                ConnectPoint out = ConnectPoint.of(p.device(), port);
                ConnectPoint peer = cables.get(out);
                if (peer == null) {
                    heardByHosts.computeIfAbsent(out, k -> new ArrayList<>()).add(p.frame());
                } else {
                    inject(peer, p.frame());
                    delivered++;
                }
            }
        }
        return delivered;
    }

    /** A frame entering the fabric at {@code at}, as the switch reports it to the controller. */
    void inject(ConnectPoint at, byte[] frame) {
        packets.packetReceived(InboundPacket.of(at, frame));
    }

    /** Pumps until nothing moves (a probe can trigger a reverse probe). */
    void settle() {
        for (int i = 0; i < 10 && pump() > 0; i++) {
            // keep going
        }
    }
}
