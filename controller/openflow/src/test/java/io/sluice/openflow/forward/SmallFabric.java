package io.sluice.openflow.forward;

import io.sluice.openflow.Dpid;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.impl.TopologyManager;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketService;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.packet.OpenFlowPacketProvider;
import io.sluice.openflow.fake.FakeOpenFlowSwitch;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;

/**
 * Two leaves under one spine, known to the real inventory and topology: each leaf has the spine on
 * port 1, a host on port 2 and an empty edge port 3. Switches are fakes that record packet-outs.
 */
final class SmallFabric {
    static final DeviceId SPINE = Dpid.deviceId(0x101);
    static final DeviceId LEAF1 = Dpid.deviceId(0x201);
    static final DeviceId LEAF2 = Dpid.deviceId(0x202);
    static final MacAddress H1_MAC = MacAddress.parse("02:00:00:00:01:01");
    static final Ip4Address H1_IP = Ip4Address.parse("10.0.1.1");
    static final ConnectPoint H1_AT = ConnectPoint.of(LEAF1, 2);
    static final MacAddress H2_MAC = MacAddress.parse("02:00:00:00:02:01");
    static final Ip4Address H2_IP = Ip4Address.parse("10.0.2.1");
    static final ConnectPoint H2_AT = ConnectPoint.of(LEAF2, 2);

    final DeviceManager devices = new DeviceManager();
    final TopologyManager topology = new TopologyManager(devices, PortSpeedOverrides.NONE, Clock.systemUTC());
    final Map<DeviceId, FakeOpenFlowSwitch> switches = new LinkedHashMap<>();
    private final Map<DeviceId, Integer> alreadySeen = new LinkedHashMap<>();

    SmallFabric() {
        topology.activate();
        connect(SPINE, 2);
        connect(LEAF1, 3);
        connect(LEAF2, 3);
        link(ConnectPoint.of(LEAF1, 1), ConnectPoint.of(SPINE, 1));
        link(ConnectPoint.of(LEAF2, 1), ConnectPoint.of(SPINE, 2));
    }

    private void connect(DeviceId id, int ports) {
        Device.Builder d = Device.builder(id).protocol("OpenFlow 1.3").tableCount(254);
        for (int p = 1; p <= ports; p++) {
            d.port(Port.builder(p).name("p" + p).adminUp(true).linkUp(true).build());
        }
        devices.deviceConnected(d.build());
        switches.put(id, new FakeOpenFlowSwitch(id));
    }

    private void link(ConnectPoint a, ConnectPoint b) {
        topology.linkDetected(a, b);
        topology.linkDetected(b, a);
    }

    /** Both hosts become known, as host discovery would report them. */
    SmallFabric withHosts() {
        topology.hostSeen(H1_MAC, 0, H1_IP, IpSource.ARP, H1_AT);
        topology.hostSeen(H2_MAC, 0, H2_IP, IpSource.ARP, H2_AT);
        return this;
    }

    Optional<OpenFlowSwitch> lookup(DeviceId id) {
        return Optional.ofNullable(switches.get(id));
    }

    /** Core's packet service on these switches, through the OpenFlow packet provider (packet-outs recorded). */
    PacketService packets() {
        OpenFlowPacketProvider provider = new OpenFlowPacketProvider(this::lookup);
        return new PacketService() {
            @Override
            public boolean emit(OutboundPacket packet) {
                return provider.emit(packet);
            }

            @Override
            public Map<String, Long> counters() {
                return Map.of();
            }
        };
    }

    /** Frames sent by packet-out since the last {@link #clearSent()}, by the port they left. */
    Map<ConnectPoint, byte[]> sent() {
        Map<ConnectPoint, byte[]> out = new LinkedHashMap<>();
        switches.forEach((id, sw) -> {
            List<OFPacketOut> all = sw.sentPacketOuts();
            for (OFPacketOut po : all.subList(alreadySeen.getOrDefault(id, 0), all.size())) {
                po.getActions().forEach(a -> out.put(
                        ConnectPoint.of(id, ((OFActionOutput) a).getPort().getPortNumber()), po.getData()));
            }
        });
        return out;
    }

    void clearSent() {
        switches.forEach((id, sw) -> alreadySeen.put(id, sw.sentPacketOuts().size()));
    }

    static byte[] arpRequest(MacAddress from, Ip4Address fromIp, Ip4Address target) {
        return ARP.buildArpRequest(org.onlab.packet.MacAddress.valueOf(from.toLong()).toBytes(),
                org.onlab.packet.Ip4Address.valueOf(fromIp.toInt()).toOctets(),
                org.onlab.packet.Ip4Address.valueOf(target.toInt()).toOctets(), Ethernet.VLAN_UNTAGGED).serialize();
    }

    static byte[] arpReply(MacAddress from, Ip4Address fromIp, MacAddress to, Ip4Address toIp) {
        ARP arp = new ARP();
        arp.setHardwareType(ARP.HW_TYPE_ETHERNET).setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) 6).setProtocolAddressLength((byte) 4).setOpCode(ARP.OP_REPLY)
                .setSenderHardwareAddress(org.onlab.packet.MacAddress.valueOf(from.toLong()).toBytes())
                .setSenderProtocolAddress(org.onlab.packet.Ip4Address.valueOf(fromIp.toInt()).toOctets())
                .setTargetHardwareAddress(org.onlab.packet.MacAddress.valueOf(to.toLong()).toBytes())
                .setTargetProtocolAddress(org.onlab.packet.Ip4Address.valueOf(toIp.toInt()).toOctets());
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(org.onlab.packet.MacAddress.valueOf(from.toLong()))
                .setDestinationMACAddress(org.onlab.packet.MacAddress.valueOf(to.toLong()))
                .setEtherType(Ethernet.TYPE_ARP).setPayload(arp);
        return eth.serialize();
    }
}
