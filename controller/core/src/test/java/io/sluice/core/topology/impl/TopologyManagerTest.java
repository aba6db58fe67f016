package io.sluice.core.topology.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TopologyManagerTest {
    private static final DeviceId S1 = Ids.of(1);
    private static final DeviceId S2 = Ids.of(2);
    private static final ConnectPoint S1P1 = ConnectPoint.of(S1, 1);
    private static final ConnectPoint S1P2 = ConnectPoint.of(S1, 2);
    private static final ConnectPoint S2P1 = ConnectPoint.of(S2, 1);
    private static final ConnectPoint S2P2 = ConnectPoint.of(S2, 2);
    private static final MacAddress H1 = MacAddress.parse("02:00:00:00:01:01");
    private static final MacAddress H2 = MacAddress.parse("02:00:00:00:01:02");
    private static final Ip4Address IP1 = Ip4Address.parse("10.0.1.1");

    private final DeviceManager devices = new DeviceManager();
    private final MutableClock clock = new MutableClock();
    private TopologyManager topology;
    private final List<String> events = new ArrayList<>();

    private static Port port(long n, boolean up, long kbps) {
        return Port.builder(n).name("p" + n).linkUp(up).currentSpeedKbps(kbps).build();
    }

    private static Device device(DeviceId id) {
        return Device.builder(id).protocol("OpenFlow 1.3").connectedSince(Instant.EPOCH)
                .port(port(1, true, 10_000_000)).port(port(2, true, 1_000_000)).build();
    }

    @BeforeEach
    void fabric() {
        devices.deviceConnected(device(S1));
        topology = new TopologyManager(devices, PortSpeedOverrides.NONE, clock);
        topology.activate();
        topology.addListener(e -> events.add(e.type() + " " + e.subject()));
        devices.deviceConnected(device(S2));
        events.clear();
    }

    @Test
    void takesInSwitchesConnectedBeforeAndAfterActivation() {
        assertThat(topology.currentTopology().devices()).extracting(Device::id).containsExactly(S1, S2);
    }

    @Test
    void aDetectedLinkIsInTheGraphWithTheSlowerEndsCapacity() {
        assertThat(topology.linkDetected(S1P1, S2P2)).isTrue();
        Topology t = topology.currentTopology();
        assertThat(t.links()).containsExactly(Link.of(S1P1, S2P2, 1_000_000_000L));
        assertThat(t.graph().containsEdge(S1, S2)).isTrue();
        assertThat(t.graph().containsEdge(S2, S1)).as("links are directional").isFalse();
        assertThat(t.isInfrastructure(S1P1)).isTrue();
        assertThat(t.isInfrastructure(S2P2)).isTrue();
        assertThat(events).containsExactly("LINK_ADDED " + S1P1 + " -> " + S2P2);
    }

    @Test
    void aRepeatedProbeChangesNothing() {
        topology.linkDetected(S1P1, S2P1);
        long version = topology.currentTopology().version();
        topology.linkDetected(S1P1, S2P1);
        assertThat(topology.currentTopology().version()).isEqualTo(version);
        assertThat(events).hasSize(1);
    }

    @Test
    void linksNeedKnownUpPortsAtBothEnds() {
        assertThat(topology.linkDetected(S1P1, ConnectPoint.of(S2, 9))).isFalse();
        assertThat(topology.linkDetected(S1P1, ConnectPoint.of(Ids.of(7), 1))).isFalse();
        assertThat(topology.linkDetected(S1P1, S1P1)).isFalse();
        devices.portUpdated(S2, port(1, false, 10_000_000));
        assertThat(topology.linkDetected(S1P1, S2P1)).isFalse();
        assertThat(topology.currentTopology().links()).isEmpty();
    }

    @Test
    void aPortGoingDownTakesItsLinksInBothDirectionsAtOnce() {
        topology.linkDetected(S1P1, S2P1);
        topology.linkDetected(S2P1, S1P1);
        topology.linkDetected(S1P2, S2P2);
        devices.portUpdated(S2, port(1, false, 10_000_000));
        assertThat(topology.currentTopology().links()).containsExactly(Link.of(S1P2, S2P2, 1_000_000_000L));
    }

    @Test
    void aSwitchLeavingTakesItsLinksAndHosts() {
        topology.linkDetected(S1P1, S2P1);
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S2P2);
        devices.deviceDisconnected(S2);
        Topology t = topology.currentTopology();
        assertThat(t.devices()).extracting(Device::id).containsExactly(S1);
        assertThat(t.links()).isEmpty();
        assertThat(t.hosts()).isEmpty();
        assertThat(t.graph().vertexSet()).containsExactly(S1);
    }

    @Test
    void aProbeFromTheSamePortArrivingElsewhereMeansTheCableMoved() {
        topology.linkDetected(S1P1, S2P1);
        topology.linkDetected(S1P1, S2P2);
        assertThat(topology.currentTopology().links()).extracting(Link::dst).containsExactly(S2P2);
    }

    @Test
    void aSpeedChangeUpdatesTheCapacity() {
        topology.linkDetected(S1P1, S2P1);
        devices.portUpdated(S2, port(1, true, 100_000));
        assertThat(topology.currentTopology().links()).extracting(Link::capacityBps).containsExactly(100_000_000L);
        assertThat(events).contains("LINK_UPDATED " + S1P1 + " -> " + S2P1);
    }

    @Test
    void overridesReplaceReportedSpeeds() {
        TopologyManager lab = new TopologyManager(devices,
                PortSpeedOverrides.of(Map.of(S2P1, 300_000_000L), 100_000_000L), clock);
        lab.activate();
        lab.linkDetected(S1P1, S2P1);
        lab.linkDetected(S1P2, S2P2);
        assertThat(lab.currentTopology().links()).extracting(Link::capacityBps)
                .containsExactly(100_000_000L, 100_000_000L);
    }

    @Test
    void linkVanishedRemovesOnlyThatDirection() {
        topology.linkDetected(S1P1, S2P1);
        topology.linkDetected(S2P1, S1P1);
        topology.linkVanished(S1P1, S2P1);
        assertThat(topology.currentTopology().links()).containsExactly(Link.of(S2P1, S1P1, 10_000_000_000L));
    }

    @Test
    void hostsAreLearnedWithAddressesAndLocation() {
        assertThat(topology.hostSeen(H1, 0, null, null, S1P2)).isTrue();
        assertThat(topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2)).isTrue();
        Topology t = topology.currentTopology();
        Host h = t.hostsByMac(H1).get(0);
        assertThat(h.location()).isEqualTo(S1P2);
        assertThat(h.ips()).containsExactly(IP1);
        assertThat(t.hostsByIp(IP1)).containsExactly(h);
        assertThat(events).containsExactly("HOST_ADDED host 02:00:00:00:01:01 [] at " + S1P2,
                "HOST_UPDATED host 02:00:00:00:01:01 [10.0.1.1] at " + S1P2);
    }

    @Test
    void hostsAreNeverLearnedOnAReservedPort() {
        long local = 0xFFFF_FFFEL; // OpenFlow's LOCAL: the switch's own interface, which nothing can be sent out of
        devices.portUpdated(S1, port(local, true, 0));
        assertThat(topology.hostSeen(H1, 0, IP1, IpSource.ARP, ConnectPoint.of(S1, local))).isFalse();
        assertThat(topology.currentTopology().hosts()).isEmpty();
    }

    @Test
    void hostsAreNeverLearnedOnPortsThatFaceSwitches() {
        topology.linkDetected(S1P1, S2P1);
        assertThat(topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P1)).as("source end").isFalse();
        assertThat(topology.hostSeen(H1, 0, IP1, IpSource.ARP, S2P1)).as("destination end").isFalse();
        assertThat(topology.currentTopology().hosts()).isEmpty();
    }

    @Test
    void aHostLearnedBeforeTheLinkWasFoundIsForgottenWhenItIs() {
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S2P1);
        topology.linkDetected(S1P1, S2P1);
        assertThat(topology.currentTopology().hosts()).isEmpty();
    }

    @Test
    void aHostThatMovesKeepsItsIdentityAndAddresses() {
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2);
        topology.hostSeen(H1, 0, null, null, S2P2);
        Host h = topology.currentTopology().hostsByMac(H1).get(0);
        assertThat(h.location()).isEqualTo(S2P2);
        assertThat(h.ips()).containsExactly(IP1);
        assertThat(events).last().asString().startsWith("HOST_MOVED");
    }

    @Test
    void theSameMacInTwoVlansIsTwoHosts() {
        topology.hostSeen(H1, 0, null, null, S1P2);
        topology.hostSeen(H1, 100, null, null, S1P2);
        assertThat(topology.currentTopology().hostsByMac(H1)).hasSize(2);
    }

    @Test
    void anAddressClaimedByAnotherHostMovesToIt() {
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2);
        topology.hostSeen(H2, 0, IP1, IpSource.ARP, S2P2);
        Topology t = topology.currentTopology();
        assertThat(t.hostsByIp(IP1)).extracting(h -> h.id().mac()).containsExactly(H2);
        assertThat(t.hostsByMac(H1).get(0).ips()).isEmpty();
    }

    @Test
    void aPlainIpPacketCannotTakeAnotherHostsAddressButArpCan() {
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2);
        topology.hostSeen(H2, 0, IP1, IpSource.IP_PACKET, S2P2);
        assertThat(topology.currentTopology().hostsByIp(IP1)).extracting(h -> h.id().mac()).containsExactly(H1);
        topology.hostSeen(H2, 0, IP1, IpSource.ARP, S2P2);
        assertThat(topology.currentTopology().hostsByIp(IP1)).extracting(h -> h.id().mac()).containsExactly(H2);
    }

    @Test
    void aHostKeepsOnlyItsNewestAddressesAndTheOldOnesAreFreeAgain() {
        for (int i = 1; i <= Host.MAX_ADDRESSES + 2; i++) {
            topology.hostSeen(H1, 0, Ip4Address.parse("10.1.0." + i), IpSource.IP_PACKET, S1P2);
        }
        Host h = topology.currentTopology().hostsByMac(H1).get(0);
        assertThat(h.ips()).hasSize(Host.MAX_ADDRESSES).doesNotContain(Ip4Address.parse("10.1.0.1"))
                .contains(Ip4Address.parse("10.1.0." + (Host.MAX_ADDRESSES + 2)));
        topology.hostSeen(H2, 0, Ip4Address.parse("10.1.0.1"), IpSource.IP_PACKET, S2P2);
        assertThat(topology.currentTopology().hostsByIp(Ip4Address.parse("10.1.0.1"))).extracting(x -> x.id().mac())
                .containsExactly(H2);
    }

    @Test
    void aSightingThatChangesNothingMakesNoNewVersion() {
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2);
        long version = topology.currentTopology().version();
        topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2);
        topology.hostSeen(H1, 0, null, null, S1P2);
        assertThat(topology.currentTopology().version()).isEqualTo(version);
    }

    @Test
    void hostsAreNotLearnedOnPortsThatAreDown() {
        devices.portUpdated(S1, port(2, false, 1_000_000));
        assertThat(topology.hostSeen(H1, 0, IP1, IpSource.ARP, S1P2)).isFalse();
    }

    @Test
    void aCableBetweenTwoPortsOfOneSwitchIsNeverALink() {
        assertThat(topology.linkDetected(S1P1, S1P2)).isFalse();
        assertThat(topology.currentTopology().links()).isEmpty();
    }

    @Test
    void listenersSeeEveryChangeInVersionOrderEvenFromManyThreads() throws Exception {
        List<Long> versions = java.util.Collections.synchronizedList(new ArrayList<>());
        topology.addListener(e -> versions.add(e.version()));
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            int n = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 200; i++) {
                    topology.hostSeen(MacAddress.of(0x020000000000L + n * 1000 + i), 0, null, null, S1P2);
                    topology.expireHosts(clock.instant().plusSeconds(1));
                }
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(versions).hasSize(1600).isSorted();
        assertThat(versions.get(versions.size() - 1)).isEqualTo(topology.currentTopology().version());
    }

    @Test
    void hostsNotSeenForAWhileExpire() {
        topology.hostSeen(H1, 0, null, null, S1P2);
        clock.advance(Duration.ofSeconds(30));
        topology.hostSeen(H2, 0, null, null, S2P2);
        clock.advance(Duration.ofSeconds(30));
        assertThat(topology.expireHosts(clock.instant().minusSeconds(45))).isEqualTo(1);
        assertThat(topology.currentTopology().hosts()).extracting(h -> h.id().mac()).containsExactly(H2);
    }

    @Test
    void seeingAHostAgainRefreshesItsLastSeenWithoutANewVersion() {
        topology.hostSeen(H1, 0, null, null, S1P2);
        Topology before = topology.currentTopology();
        clock.advance(Duration.ofSeconds(5));
        topology.hostSeen(H1, 0, null, null, S1P2);
        assertThat(topology.currentTopology()).as("same snapshot, not rebuilt").isSameAs(before);
        assertThat(topology.lastSeen(before.hosts().get(0).id())).contains(clock.instant());
        assertThat(topology.expireHosts(clock.instant().minusSeconds(1))).isZero();
    }

    @Test
    void snapshotsNeverChangeAndVersionsGrowWithEveryChange() {
        Topology before = topology.currentTopology();
        topology.linkDetected(S1P1, S2P1);
        Topology after = topology.currentTopology();
        assertThat(before.links()).isEmpty();
        assertThat(after.version()).isGreaterThan(before.version());
        assertThat(topology.currentTopology()).as("no change, same snapshot").isSameAs(after);
    }

    @Test
    void eventsCarryTheVersionTheyProduced() {
        List<TopologyEvent> seen = new ArrayList<>();
        topology.addListener(seen::add);
        topology.linkDetected(S1P1, S2P1);
        assertThat(seen).singleElement().extracting(TopologyEvent::version)
                .isEqualTo(topology.currentTopology().version());
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-24T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

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
}
