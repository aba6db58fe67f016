package io.sluice.openflow.forward;

import io.sluice.core.packet.InboundPacket;
import io.sluice.core.forward.impl.ForwardingCounters;
import io.sluice.core.forward.impl.ProxyArp;
import static io.sluice.openflow.forward.SmallFabric.H1_AT;
import static io.sluice.openflow.forward.SmallFabric.H1_IP;
import static io.sluice.openflow.forward.SmallFabric.H1_MAC;
import static io.sluice.openflow.forward.SmallFabric.H2_AT;
import static io.sluice.openflow.forward.SmallFabric.H2_IP;
import static io.sluice.openflow.forward.SmallFabric.H2_MAC;
import static io.sluice.openflow.forward.SmallFabric.LEAF1;
import static io.sluice.openflow.forward.SmallFabric.LEAF2;
import static io.sluice.openflow.forward.SmallFabric.SPINE;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.route.PathResult;
import io.sluice.core.route.RouteService;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.topology.HostId;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;

class ProxyArpTest {
    private final SmallFabric fabric = new SmallFabric();
    private final ForwardingCounters counters = new ForwardingCounters();
    private final AtomicLong nanos = new AtomicLong();
    private final HeldRoutes routes = new HeldRoutes();
    private final ProxyArp arp = new ProxyArp(fabric.packets(), fabric.topology, routes, counters, Duration.ofSeconds(30),
            new FloodMemory(Duration.ofSeconds(1).toNanos(), nanos::get));

    /** Routes whose readiness the test releases by hand, to see what waits for it. */
    private static final class HeldRoutes implements RouteService {
        final Map<HostId, CompletableFuture<Void>> ready = new ConcurrentHashMap<>();

        @Override
        public PathResult path(HostId src, HostId dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.Optional<io.sluice.core.route.RoutingRun> lastRun() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.List<io.sluice.core.route.RoutingRun> recentRuns() {
            return java.util.List.of();
        }

        @Override
        public CompletableFuture<Void> whenRouted(HostId host) {
            return ready.computeIfAbsent(host, h -> new CompletableFuture<>()).copy();
        }

        void release(MacAddress mac) {
            ready.computeIfAbsent(HostId.of(mac, 0), h -> new CompletableFuture<>()).complete(null);
        }
    }

    private static ARP arpOf(byte[] frame) throws Exception {
        return (ARP) Ethernet.deserializer().deserialize(frame, 0, frame.length).getPayload();
    }

    private void packetIn(ConnectPoint at, byte[] frame) {
        arp.process(InboundPacket.of(at, frame));
    }

    @Test
    void aRequestForAKnownHostIsAnsweredAtTheAskersPortOnceRoutesToTheTargetAreIn() throws Exception {
        fabric.withHosts();
        packetIn(H1_AT, SmallFabric.arpRequest(H1_MAC, H1_IP, H2_IP));
        assertThat(fabric.sent()).as("held until routes to the target are confirmed").isEmpty();

        routes.release(H2_MAC);
        Map<ConnectPoint, byte[]> sent = fabric.sent();
        assertThat(sent).containsOnlyKeys(H1_AT);
        Ethernet eth = Ethernet.deserializer().deserialize(sent.get(H1_AT), 0, sent.get(H1_AT).length);
        ARP reply = (ARP) eth.getPayload();
        assertThat(reply.getOpCode()).isEqualTo(ARP.OP_REPLY);
        assertThat(MacAddress.of(org.onlab.packet.MacAddress.valueOf(reply.getSenderHardwareAddress()).toLong()))
                .isEqualTo(H2_MAC);
        assertThat(Ip4Address.of(org.onlab.packet.Ip4Address.valueOf(reply.getSenderProtocolAddress()).toInt()))
                .isEqualTo(H2_IP);
        assertThat(Ip4Address.of(org.onlab.packet.Ip4Address.valueOf(reply.getTargetProtocolAddress()).toInt()))
                .isEqualTo(H1_IP);
        assertThat(eth.getDestinationMAC().toLong()).isEqualTo(H1_MAC.toLong());
        assertThat(counters.counters()).containsEntry("arpAnswered", 1L).containsEntry("arpFlooded", 0L);
    }

    @Test
    void aRequestForAnUnknownAddressGoesToEveryEdgePortButTheAskersAndNeverToTheFabric() {
        fabric.withHosts();
        byte[] request = SmallFabric.arpRequest(H1_MAC, H1_IP, Ip4Address.parse("10.0.9.9"));
        packetIn(H1_AT, request);
        assertThat(fabric.sent().keySet()).containsExactlyInAnyOrder(ConnectPoint.of(LEAF1, 3), H2_AT,
                ConnectPoint.of(LEAF2, 3));
        assertThat(fabric.sent().values()).allMatch(f -> Arrays.equals(f, request));

        fabric.clearSent();
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        packetIn(ConnectPoint.of(LEAF2, 3), request);
        assertThat(fabric.sent()).as("the same frame again within a second is not flooded again").isEmpty();
        assertThat(counters.counters()).containsEntry("repeatFloodsDropped", 1L);

        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        packetIn(H1_AT, request);
        assertThat(fabric.sent()).as("a retry after the window is flooded").hasSize(3);
    }

    @Test
    void anAddressProbeOrAHostAskingForItselfIsFloodedNotAnsweredFromTheTable() {
        fabric.withHosts();
        routes.release(H2_MAC);
        routes.release(H1_MAC);
        packetIn(H1_AT, SmallFabric.arpRequest(H1_MAC, Ip4Address.parse("0.0.0.0"), H2_IP));
        assertThat(fabric.sent().keySet()).as("RFC 5227 probe: only the owner may answer")
                .containsExactlyInAnyOrder(ConnectPoint.of(LEAF1, 3), H2_AT, ConnectPoint.of(LEAF2, 3));
        fabric.clearSent();
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        packetIn(H1_AT, SmallFabric.arpRequest(H1_MAC, Ip4Address.parse("10.0.1.9"), H1_IP));
        assertThat(fabric.sent()).doesNotContainKey(H1_AT).hasSize(3);
        assertThat(counters.counters()).containsEntry("arpAnswered", 0L).containsEntry("arpFlooded", 2L);
    }

    @Test
    void anAnswerToTheControllersOwnProbeIsConsumed() {
        fabric.withHosts();
        packetIn(H1_AT, SmallFabric.arpReply(H1_MAC, H1_IP, MacAddress.parse("02:51:ce:00:00:01"),
                Ip4Address.parse("0.0.0.0")));
        assertThat(fabric.sent()).isEmpty();
    }

    @Test
    void aReplyIsDeliveredToTheAskerOnceRoutesToTheReplierAreIn() throws Exception {
        fabric.withHosts();
        byte[] reply = SmallFabric.arpReply(H2_MAC, H2_IP, H1_MAC, H1_IP);
        packetIn(H2_AT, reply);
        assertThat(fabric.sent()).isEmpty();
        routes.release(H2_MAC);
        assertThat(fabric.sent()).containsOnlyKeys(H1_AT);
        assertThat(arpOf(fabric.sent().get(H1_AT)).getOpCode()).isEqualTo(ARP.OP_REPLY);
    }

    @Test
    void arpArrivingFromAnotherSwitchOrUnreadableIsDroppedAndCounted() {
        fabric.withHosts();
        packetIn(ConnectPoint.of(SPINE, 1), SmallFabric.arpRequest(H1_MAC, H1_IP, H2_IP));
        byte[] request = SmallFabric.arpRequest(H1_MAC, H1_IP, H2_IP);
        packetIn(H1_AT, Arrays.copyOf(request, 20));
        routes.release(H2_MAC);
        assertThat(fabric.sent()).isEmpty();
        assertThat(counters.counters()).containsEntry("strayAtFabricPort", 1L).containsEntry("malformed", 1L);
    }
}
