package io.sluice.openflow.forward;

import io.sluice.core.packet.InboundPacket;
import io.sluice.core.forward.impl.ForwardingCounters;
import io.sluice.core.forward.impl.UnroutedFrames;
import static io.sluice.openflow.forward.SmallFabric.H1_AT;
import static io.sluice.openflow.forward.SmallFabric.H2_AT;
import static io.sluice.openflow.forward.SmallFabric.LEAF1;
import static io.sluice.openflow.forward.SmallFabric.LEAF2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.packet.Frames;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.MacAddress;

class UnroutedFramesTest {
    private final SmallFabric fabric = new SmallFabric().withHosts();
    private final ForwardingCounters counters = new ForwardingCounters();
    private final AtomicLong nanos = new AtomicLong();
    private final UnroutedFrames unrouted = new UnroutedFrames(fabric.packets(), fabric.topology, counters,
            new FloodMemory(Duration.ofSeconds(1).toNanos(), nanos::get));

    private static byte[] ipv4(String dstMac) {
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress(MacAddress.valueOf(dstMac))
                .setEtherType(Ethernet.TYPE_IPV4)
                .setPayload(new IPv4().setSourceAddress("10.0.1.1").setDestinationAddress("10.0.2.1").setTtl((byte) 64));
        return eth.serialize();
    }

    private void packetIn(ConnectPoint at, byte[] frame) {
        unrouted.process(InboundPacket.of(at, frame));
    }

    @Test
    void aFrameForAKnownHostIsDeliveredAtItsPort() {
        packetIn(H1_AT, ipv4("02:00:00:00:02:01"));
        assertThat(fabric.sent()).containsOnlyKeys(H2_AT);
        assertThat(counters.counters()).containsEntry("delivered", 1L);
    }

    @Test
    void aFrameForAnUnknownHostIsDropped() {
        byte[] frame = ipv4("02:00:00:00:09:09");
        packetIn(H1_AT, frame);
        assertThat(fabric.sent().values()).as("only the controller's question for its address goes out")
                .noneMatch(f -> Arrays.equals(f, frame)).allMatch(f -> Frames.etherType(f) == Frames.ARP);
        assertThat(counters.counters()).containsEntry("unknownDestinationDropped", 1L);
    }

    @Test
    void multicastIsFloodedToEdgePortsOnceAndNeverTakenFromTheFabric() {
        byte[] frame = ipv4("01:00:5e:00:00:fb");
        packetIn(H1_AT, frame);
        assertThat(fabric.sent().keySet()).containsExactlyInAnyOrder(ConnectPoint.of(LEAF1, 3), H2_AT,
                ConnectPoint.of(LEAF2, 3));
        fabric.clearSent();
        packetIn(ConnectPoint.of(LEAF2, 1), frame);
        packetIn(ConnectPoint.of(LEAF2, 3), frame);
        assertThat(fabric.sent()).isEmpty();
        assertThat(counters.counters()).containsEntry("flooded", 1L).containsEntry("strayAtFabricPort", 1L)
                .containsEntry("repeatFloodsDropped", 1L);
    }

    @Test
    void forAnUnknownIpv4DestinationTheControllerAsksForTheAddressOnEdgePortsOnce() throws Exception {
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("02:00:00:00:07:07")
                .setEtherType(Ethernet.TYPE_IPV4)
                .setPayload(new IPv4().setSourceAddress("10.0.1.1").setDestinationAddress("10.0.7.7").setTtl((byte) 64));
        byte[] frame = eth.serialize();
        packetIn(H1_AT, frame);
        packetIn(H1_AT, frame);
        assertThat(fabric.sent().keySet()).containsExactlyInAnyOrder(ConnectPoint.of(LEAF1, 3), H2_AT,
                ConnectPoint.of(LEAF2, 3));
        byte[] probe = fabric.sent().get(H2_AT);
        ARP question = (ARP) Ethernet.deserializer().deserialize(probe, 0, probe.length).getPayload();
        assertThat(question.getOpCode()).isEqualTo(ARP.OP_REQUEST);
        assertThat(question.getTargetProtocolAddress()).containsExactly(10, 0, 7, 7);
        assertThat(question.getSenderProtocolAddress()).containsExactly(0, 0, 0, 0);
        assertThat(counters.counters()).containsEntry("unknownDestinationProbed", 1L)
                .containsEntry("unknownDestinationDropped", 2L);
    }

    @Test
    void linkLocalGroupAddressesAreNeverFlooded() {
        Ethernet stp = new Ethernet();
        stp.setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("01:80:c2:00:00:00")
                .setEtherType((short) 0x0026).setPayload(new org.onlab.packet.Data(new byte[40]));
        packetIn(H1_AT, stp.serialize());
        assertThat(fabric.sent()).isEmpty();
        assertThat(counters.counters()).containsEntry("linkLocalDropped", 1L);
    }

    @Test
    void aTaggedFrameIsDeliveredOnlyToTheHostInItsVlan() {
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress("02:00:00:00:01:01").setDestinationMACAddress("02:00:00:00:02:01")
                .setEtherType(Ethernet.TYPE_IPV4).setVlanID((short) 10)
                .setPayload(new IPv4().setSourceAddress("10.0.1.1").setDestinationAddress("10.0.2.1").setTtl((byte) 64));
        byte[] frame = eth.serialize();
        packetIn(H1_AT, frame);
        assertThat(fabric.sent().values()).as("h2 is known untagged, not in VLAN 10")
                .noneMatch(f -> Arrays.equals(f, frame));
        assertThat(fabric.sent().values()).as("the question for 10.0.2.1 is asked in VLAN 10")
                .allMatch(f -> Frames.vlan(f) == 10);
        assertThat(counters.counters()).containsEntry("delivered", 0L);
    }

    @Test
    void runtsAreCountedNotSent() {
        packetIn(H1_AT, new byte[10]);
        assertThat(fabric.sent()).isEmpty();
        assertThat(counters.counters()).containsEntry("malformed", 1L);
    }
}
