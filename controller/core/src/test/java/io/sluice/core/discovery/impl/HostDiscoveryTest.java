package io.sluice.core.discovery.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.core.packet.FloodMemory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;

/** Host learning from packet-ins: what counts as a host sighting, and what never does. */
class HostDiscoveryTest {
    private static final ConnectPoint S1P1 = ConnectPoint.of(Ids.of(1), 1);
    private static final ConnectPoint S1P2 = ConnectPoint.of(Ids.of(1), 2);
    private static final ConnectPoint S2P1 = ConnectPoint.of(Ids.of(2), 1);
    private static final String H1 = "02:00:00:00:01:01";
    private static final Ip4Address IP1 = Ip4Address.parse("10.0.1.1");

    private final InMemoryFabric fabric = new InMemoryFabric();
    private final FloodMemory floods = floods(fabric);
    private HostDiscovery hosts;

    @BeforeEach
    void fabric() {
        hosts = new HostDiscovery(fabric.packets, fabric.topology, fabric.topology, floods, DiscoverySettings.defaults(),
                Clock.systemUTC(), fabric.nanos::get);
        fabric.dispatchTo(null, hosts);
        fabric.connect(1, 2);
        fabric.connect(2, 2);
    }

    private static FloodMemory floods(InMemoryFabric f) {
        return new FloodMemory(Duration.ofSeconds(1).toNanos(), f.nanos::get);
    }

    private static byte[] arp(String srcMac, String senderMac, String senderIp) {
        ARP arp = new ARP();
        arp.setHardwareType(ARP.HW_TYPE_ETHERNET).setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) 6).setProtocolAddressLength((byte) 4).setOpCode(ARP.OP_REQUEST)
                .setSenderHardwareAddress(org.onlab.packet.MacAddress.valueOf(senderMac).toBytes())
                .setSenderProtocolAddress(Ip4Address.parse(senderIp).toInt())
                .setTargetHardwareAddress(new byte[6])
                .setTargetProtocolAddress(Ip4Address.parse("10.0.2.1").toInt());
        return frame(srcMac, Ethernet.TYPE_ARP, arp);
    }

    private static byte[] ipv4(String srcMac, String srcIp) {
        IPv4 ip = new IPv4();
        ip.setSourceAddress(srcIp).setDestinationAddress("10.0.2.1").setProtocol(IPv4.PROTOCOL_UDP).setTtl((byte) 64);
        ip.setPayload(new Data(new byte[8]));
        return frame(srcMac, Ethernet.TYPE_IPV4, ip);
    }

    private static byte[] frame(String srcMac, short type, org.onlab.packet.IPacket payload) {
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(srcMac).setDestinationMACAddress("ff:ff:ff:ff:ff:ff").setEtherType(type);
        eth.setPayload(payload);
        return eth.serialize();
    }

    private List<Host> learned() {
        return fabric.topology.currentTopology().hosts();
    }

    @Test
    void theControllersOwnFloodComingBackIsNotASightingNorIsItsProbeAddress() {
        byte[] request = arp(H1, H1, "10.0.1.1");
        fabric.inject(S1P2, request);
        floods.floodIfNew(request); // forwarding floods it; a link not yet discovered brings it back
        fabric.inject(S2P1, request);
        fabric.inject(S2P1, arp("02:51:ce:00:00:01", "02:51:ce:00:00:01", "10.0.9.9"));
        assertThat(learned()).singleElement().satisfies(h -> assertThat(h.location()).isEqualTo(S1P2));
    }

    @Test
    void anArpRequestTeachesMacAddressAndLocation() {
        fabric.inject(S1P2, arp(H1, H1, "10.0.1.1"));
        assertThat(learned()).singleElement().satisfies(h -> {
            assertThat(h.id().mac()).isEqualTo(MacAddress.parse(H1));
            assertThat(h.ips()).containsExactly(IP1);
            assertThat(h.location()).isEqualTo(S1P2);
        });
    }

    @Test
    void anIpv4PacketTeachesTheSourceAddress() {
        fabric.inject(S1P2, ipv4(H1, "10.0.1.1"));
        assertThat(learned()).singleElement().satisfies(h -> assertThat(h.ips()).containsExactly(IP1));
    }

    @Test
    void anArpProbeFromNoAddressTeachesOnlyTheMac() {
        fabric.inject(S1P2, arp(H1, H1, "0.0.0.0"));
        assertThat(learned()).singleElement().satisfies(h -> assertThat(h.ips()).isEmpty());
    }

    @Test
    void anArpAnsweredForAnotherMacDoesNotGiveTheSenderItsAddress() {
        fabric.inject(S1P2, arp(H1, "02:00:00:00:09:09", "10.0.9.9"));
        assertThat(learned()).singleElement().satisfies(h -> assertThat(h.ips()).isEmpty());
    }

    @Test
    void aGroupSourceMacIsNeverAHost() {
        fabric.inject(S1P2, ipv4("03:00:00:00:00:01", "10.0.1.1"));
        assertThat(learned()).isEmpty();
    }

    @Test
    void framesOnAPortThatFacesASwitchAreNotHosts() {
        fabric.topology.linkDetected(S1P1, S2P1);
        fabric.inject(S1P1, arp(H1, H1, "10.0.1.1"));
        assertThat(learned()).isEmpty();
    }

    @Test
    void garbageIsCountedNotLearned() {
        fabric.inject(S1P2, new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, (byte) 0x81, 0, 1});
        assertThat(learned()).isEmpty();
        assertThat(hosts.malformedFrames()).isEqualTo(1);
    }

    @Test
    void aTaggedFrameTeachesTheHostInItsVlan() {
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(H1).setDestinationMACAddress("ff:ff:ff:ff:ff:ff").setEtherType(Ethernet.TYPE_IPV4);
        eth.setVlanID((short) 100);
        IPv4 ip = new IPv4();
        ip.setSourceAddress("10.0.1.1").setDestinationAddress("10.0.2.1").setProtocol(IPv4.PROTOCOL_UDP);
        ip.setPayload(new Data(new byte[8]));
        eth.setPayload(ip);
        fabric.inject(S1P2, eth.serialize());
        assertThat(learned()).singleElement().satisfies(h -> {
            assertThat(h.id().vlan()).isEqualTo(100);
            assertThat(h.ips()).containsExactly(IP1);
        });
    }

    /** A wall clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private static HostDiscovery withTimeout(InMemoryFabric f, Clock clock, Duration timeout) {
        HostDiscovery d = new HostDiscovery(f.packets, f.topology, f.topology, floods(f),
                new DiscoverySettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(10), 3, timeout),
                clock, f.nanos::get);
        f.dispatchTo(null, d);
        f.connect(1, 2);
        return d;
    }

    private static void advance(InMemoryFabric f, HandClock clock, Duration by) {
        clock.now = clock.now.plus(by);
        f.nanos.addAndGet(by.toNanos());
    }

    @Test
    void hostsNotSeenForTheTimeoutAreForgottenAndOthersStay() {
        HandClock clock = new HandClock();
        InMemoryFabric f = new InMemoryFabric(clock);
        HostDiscovery expiring = withTimeout(f, clock, Duration.ofSeconds(60));
        f.inject(S1P2, arp(H1, H1, "10.0.1.1"));
        advance(f, clock, Duration.ofSeconds(30));
        f.inject(S1P1, arp("02:00:00:00:01:02", "02:00:00:00:01:02", "10.0.1.2"));
        advance(f, clock, Duration.ofSeconds(31));
        expiring.tick();
        assertThat(f.topology.currentTopology().hosts()).extracting(h -> h.id().mac().toString())
                .containsExactly("02:00:00:00:01:02");
    }

    @Test
    void aQuietHostIsProbedAndItsAnswerKeepsItKnown() throws Exception {
        HandClock clock = new HandClock();
        InMemoryFabric f = new InMemoryFabric(clock);
        HostDiscovery probing = withTimeout(f, clock, Duration.ofSeconds(80));
        f.inject(S1P2, arp(H1, H1, "10.0.1.1"));

        advance(f, clock, Duration.ofSeconds(39));
        probing.tick();
        f.pump();
        assertThat(f.heardByHosts.get(S1P2)).as("quiet for less than half the timeout").isNull();

        advance(f, clock, Duration.ofSeconds(2));
        probing.tick();
        advance(f, clock, Duration.ofSeconds(2));
        probing.tick();
        f.pump();
        assertThat(f.heardByHosts.get(S1P2)).as("not probed again within an eighth of the timeout").hasSize(1);
        Ethernet probe = Ethernet.deserializer().deserialize(f.heardByHosts.get(S1P2).get(0), 0,
                f.heardByHosts.get(S1P2).get(0).length);
        ARP question = (ARP) probe.getPayload();
        assertThat(probe.getDestinationMAC().toString()).isEqualToIgnoringCase(H1);
        assertThat(question.getOpCode()).isEqualTo(ARP.OP_REQUEST);
        assertThat(question.getSenderProtocolAddress()).containsExactly(0, 0, 0, 0);
        assertThat(Ip4Address.of(java.nio.ByteBuffer.wrap(question.getTargetProtocolAddress()).getInt())).isEqualTo(IP1);

        advance(f, clock, Duration.ofSeconds(10));
        probing.tick();
        f.pump();
        assertThat(f.heardByHosts.get(S1P2)).as("probed again after an eighth of the timeout").hasSize(2);

        f.inject(S1P2, arp(H1, H1, "10.0.1.1")); // the host answers
        advance(f, clock, Duration.ofSeconds(30));
        probing.tick();
        f.pump();
        assertThat(f.topology.currentTopology().hosts()).as("83 s after it was first seen, kept by its answer")
                .hasSize(1);
        assertThat(f.heardByHosts.get(S1P2)).as("no probe while it is not quiet").hasSize(2);
    }
}
