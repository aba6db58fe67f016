package io.sluice.core.discovery.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Link;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.Ethernet;
import org.onlab.packet.LLDP;
import org.onlab.packet.LLDPTLV;

/** LLDP link discovery over in-memory cables: what makes a link, and what never does. */
class LinkDiscoveryTest {
    private static final ConnectPoint S1P1 = ConnectPoint.of(Ids.of(1), 1);
    private static final ConnectPoint S1P2 = ConnectPoint.of(Ids.of(1), 2);
    private static final ConnectPoint S2P1 = ConnectPoint.of(Ids.of(2), 1);
    private static final ConnectPoint S2P2 = ConnectPoint.of(Ids.of(2), 2);
    private static final DiscoverySettings SETTINGS = new DiscoverySettings(Duration.ofSeconds(3),
            Duration.ofSeconds(1), Duration.ofSeconds(10), 3, Duration.ofMinutes(5));

    private final InMemoryFabric fabric = new InMemoryFabric();
    private LinkDiscovery discovery;

    @BeforeEach
    void twoSwitchesOneCable() {
        discovery = new LinkDiscovery(fabric.packets, fabric.devices, fabric.topology, SETTINGS, fabric.nanos::get,
                new SecureRandom());
        fabric.dispatchTo(discovery, null);
        discovery.start();
        fabric.cable(S1P1, S2P1);
        fabric.connect(1, 2);
        fabric.connect(2, 2);
    }

    private List<Link> links() {
        return fabric.topology.currentTopology().links();
    }

    private void advance(Duration d) {
        fabric.nanos.addAndGet(d.toNanos());
        discovery.tick();
    }

    @Test
    void bothDirectionsOfACableAreFoundAsSoonAsTheSecondSwitchConnects() {
        fabric.settle();
        assertThat(links()).extracting(Link::toString)
                .containsExactlyInAnyOrder(S1P1 + " -> " + S2P1, S2P1 + " -> " + S1P1);
        assertThat(discovery.stats().get("ACCEPTED")).isGreaterThanOrEqualTo(2L);
    }

    @Test
    void probesGoOutOfEveryUpPortAndComeAgainEachPeriod() {
        fabric.settle();
        long sent = discovery.stats().get("probesSent");
        advance(Duration.ofMillis(999));
        assertThat(discovery.stats().get("probesSent")).isEqualTo(sent);
        advance(Duration.ofMillis(1));
        assertThat(discovery.stats().get("probesSent")).as("2 switches x 2 ports, fast phase").isEqualTo(sent + 4);
    }

    @Test
    void aCableThatStopsCarryingProbesExpiresAfterTheMissedProbes() {
        fabric.settle();
        advance(Duration.ofSeconds(11));
        fabric.settle();
        assertThat(links()).hasSize(2);
        fabric.cut(S1P1);
        // The last probe across arrived at t=0 (relative); probes every 3 s from now on go nowhere.
        for (int i = 0; i < 3; i++) {
            advance(Duration.ofSeconds(3));
            fabric.settle();
        }
        advance(Duration.ofMillis(1400));
        assertThat(links()).as("3 periods + half a period + slack not yet over").hasSize(2);
        advance(Duration.ofMillis(400));
        assertThat(links()).isEmpty();
    }

    @Test
    void aProbeRewrittenToClaimAnotherPortIsForged() {
        fabric.settle();
        // What a host on s1/2 hears, with the claimed origin changed to s2/2: instance, nonce and
        // signature are the controller's own, so only the signature check can catch it.
        byte[] heard = fabric.heardByHosts.get(S1P2).get(0);
        fabric.inject(S1P2, ProbeCodecTest.withOrigin(heard, "0000000000000002", "2"));
        assertThat(discovery.stats()).containsEntry("FORGED", 1L).containsEntry("OTHER_CONTROLLER", 0L);
        assertThat(links()).hasSize(2);
    }

    @Test
    void anotherControllersProbeIsCountedAndIgnored() {
        ProbeCodec other = new ProbeCodec(0x1234, new byte[32]);
        fabric.inject(S1P2, other.encode(S2P2, MacAddress.parse("02:00:00:00:00:99"), 42));
        assertThat(discovery.stats()).containsEntry("OTHER_CONTROLLER", 1L);
        assertThat(links()).isEmpty();
    }

    @Test
    void aCableBetweenTwoPortsOfOneSwitchIsLoopedNotALink() {
        fabric.cable(ConnectPoint.of(Ids.of(3), 1), ConnectPoint.of(Ids.of(3), 2));
        fabric.connect(3, 2);
        fabric.settle();
        assertThat(discovery.stats().get("LOOPED")).isEqualTo(2L);
        assertThat(links()).noneMatch(l -> l.src().deviceId().equals(Ids.of(3)));
        assertThat(fabric.topology.currentTopology().links()).isNotNull();
    }

    @Test
    void aProbeHeardByAHostAndSentBackInNeverMakesALink() {
        fabric.settle();
        byte[] heard = fabric.heardByHosts.get(S1P2).get(0);
        fabric.inject(S1P2, heard);
        assertThat(discovery.stats()).containsEntry("LOOPED", 1L);
        for (int i = 0; i < 20; i++) {
            advance(Duration.ofSeconds(1));
            fabric.settle();
        }
        fabric.inject(S1P2, heard);
        assertThat(discovery.stats()).as("once expired, the nonce is unknown").containsEntry("REPLAYED", 1L);
        assertThat(links()).hasSize(2);
    }

    @Test
    void aProbeArrivingTwiceAtTheSamePortCountsOnce() {
        fabric.connect(3, 2);
        fabric.pump();
        byte[] fromS3 = fabric.heardByHosts.get(ConnectPoint.of(Ids.of(3), 1)).get(0);
        fabric.inject(S1P2, fromS3);
        fabric.inject(S1P2, fromS3);
        assertThat(discovery.stats()).containsEntry("REPLAYED", 1L);
    }

    @Test
    void lldpThatIsNotOursIsCountedAndIgnored() {
        LLDP lldp = new LLDP();
        lldp.setChassisId(new LLDPTLV().setType((byte) 1).setLength((short) 7).setValue(new byte[] {4, 2, 0, 0, 0, 0, 1}));
        lldp.setPortId(new LLDPTLV().setType((byte) 2).setLength((short) 2).setValue(new byte[] {7, '1'}));
        lldp.setTtl(new LLDPTLV().setType((byte) 3).setLength((short) 2).setValue(new byte[] {0, 120}));
        Ethernet eth = new Ethernet();
        eth.setDestinationMACAddress(ProbeCodec.LLDP_MULTICAST);
        eth.setSourceMACAddress("02:00:00:00:00:01");
        eth.setEtherType(Ethernet.TYPE_LLDP);
        eth.setPayload(lldp);
        fabric.inject(S1P2, eth.serialize());
        assertThat(discovery.stats()).containsEntry("NOT_OURS", 1L);
        assertThat(links()).isEmpty();
    }

    @Test
    void aPortComingUpIsProbedAtOnce() {
        fabric.settle();
        long sent = discovery.stats().get("probesSent");
        fabric.devices.portUpdated(Ids.of(1), InMemoryFabric.port(3, "s1-eth3"));
        assertThat(discovery.stats().get("probesSent")).isEqualTo(sent + 1);
    }

    @Test
    void aSwitchThatLeavesTakesItsLinksAndIsNoLongerProbed() {
        fabric.settle();
        assertThat(fabric.devices.getDevice(Ids.of(2))).isPresent();
        fabric.devices.deviceDisconnected(Ids.of(2));
        assertThat(links()).isEmpty();
        long sent = discovery.stats().get("probesSent");
        advance(Duration.ofSeconds(1));
        assertThat(discovery.stats().get("probesSent")).as("only switch 1's two ports").isEqualTo(sent + 2);
    }
}
