package io.sluice.core.standin;

import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.CoreSettings;
import io.sluice.core.SluiceCore;
import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.StandInPolicyCodec;
import io.sluice.core.route.PathResult;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.onlab.packet.ARP;
import org.onlab.packet.Data;
import org.onlab.packet.Ethernet;
import org.onlab.packet.IPv4;
import org.onlab.packet.TCP;

/**
 * Core, assembled by {@link SluiceCore}, driving a stand-in southbound ({@link InMemorySouthbound})
 * with no OpenFlow module on the class path: switches and links are discovered by core's own
 * probes, hosts by the frames they send, routes are installed and forwarded along, edge rules
 * classify, and a flow only the controller can classify is admitted by it; its switches are named
 * as no OpenFlow switch is ({@code mem:leaf1}), so nothing in core can rely on datapath ids.
 */
class StandInSouthboundEndToEndTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    // Names of a target that is not OpenFlow: core must never look inside an id.
    private static final DeviceId LEAF1 = DeviceId.of("mem:leaf1");
    private static final DeviceId LEAF2 = DeviceId.of("mem:leaf2");
    private static final DeviceId SPINE1 = DeviceId.of("mem:spine1");
    private static final DeviceId SPINE2 = DeviceId.of("mem:spine2");
    private static final MacAddress H1 = MacAddress.parse("02:00:00:00:01:01");
    private static final MacAddress H2 = MacAddress.parse("02:00:00:00:02:01");
    private static final Ip4Address IP1 = Ip4Address.parse("10.0.1.1");
    private static final Ip4Address IP2 = Ip4Address.parse("10.0.2.1");
    private static final ConnectPoint H1_AT = ConnectPoint.of(LEAF1, 3);
    private static final ConnectPoint H2_AT = ConnectPoint.of(LEAF2, 3);

    private final InMemorySouthbound fabric = new InMemorySouthbound();
    private SluiceCore core;

    /** Port 8001 is INFERENCE by rule; anything else is the controller's to classify (behaviour thresholds on). */
    private static Policy policy() {
        return PolicyFixtures.base()
                .rules(rule("triton", 100, TrafficClass.INFERENCE, match().ipProto(6).dstPorts(ports(8001, 8001))))
                .behaviour(1_000_000_000L, Duration.ofSeconds(30), 1_000_000L, TrafficClass.ARCHIVAL)
                .build();
    }

    @BeforeEach
    void twoLeavesTwoSpines() throws Exception {
        for (DeviceId leaf : new DeviceId[] {LEAF1, LEAF2}) {
            fabric.addSwitch(leaf, 3);
        }
        fabric.addSwitch(SPINE1, 2);
        fabric.addSwitch(SPINE2, 2);
        fabric.cable(ConnectPoint.of(LEAF1, 1), ConnectPoint.of(SPINE1, 1));
        fabric.cable(ConnectPoint.of(LEAF1, 2), ConnectPoint.of(SPINE2, 1));
        fabric.cable(ConnectPoint.of(LEAF2, 1), ConnectPoint.of(SPINE1, 2));
        fabric.cable(ConnectPoint.of(LEAF2, 2), ConnectPoint.of(SPINE2, 2));
        fabric.host(H1, H1_AT);
        fabric.host(H2, H2_AT);
        // An empty store starts with the policy given as its default, as version 1.
        core = new SluiceCore(CoreSettings.defaults(), fabric, new InMemoryPolicyStore(), new StandInPolicyCodec(),
                policy(), Optional.empty());
        core.start();
    }

    @AfterEach
    void stop() {
        core.stop();
    }

    @Test
    void coreDiscoversRoutesClassifiesAndAdmitsOnASouthboundWithoutOpenFlow() {
        assertThat(core.policies().current().version().version()).isEqualTo(1);
        // Discovery: every cable, both directions, from core's own probes.
        waitFor(() -> core.topology().currentTopology().links().size() == 8, "8 directed links");
        assertThat(core.topology().currentTopology().devices()).hasSize(4);

        // Hosts by the frames they send; proxy ARP answers h1 with h2's MAC once h2's routes are in.
        fabric.send(H2_AT, arpRequest(H2, IP2, IP1));
        waitFor(() -> host(H2) != null, "h2 learnt");
        fabric.send(H1_AT, arpRequest(H1, IP1, IP2));
        waitFor(() -> fabric.received(H1).stream().anyMatch(d -> isArpReplyFrom(d.frame, H2)),
                "h1 gets an ARP answer naming h2");
        assertThat(host(H1).location()).isEqualTo(H1_AT);
        waitFor(() -> core.routes().path(host(H1).id(), host(H2).id()).isFound(), "a route h1 -> h2");
        PathResult path = core.routes().path(host(H1).id(), host(H2).id());
        assertThat(path.path().orElseThrow().hops()).extracting(io.sluice.core.route.Path.Hop::device)
                .hasSize(3).startsWith(LEAF1).endsWith(LEAF2);

        // Classification on the switches: the INFERENCE rule marks DSCP 46 at the edge, queue 5 to h2.
        // Edge entries are written in a run's last round, after the routes they mark traffic for.
        waitFor(() -> fabric.rules(LEAF1).stream().anyMatch(r -> r.rule().selector().inPort() != null
                && r.rule().selector().inPort() == H1_AT.port() && Integer.valueOf(46).equals(r.rule().treatment().setDscp())),
                "h1's edge port classifies");
        fabric.send(H1_AT, tcp(H1, IP1, H2, IP2, 40000, 8001));
        waitFor(() -> fabric.received(H2).stream().anyMatch(d -> isTcp(d.frame, 8001)), "inference reaches h2");
        InMemorySouthbound.Delivery inference = fabric.received(H2).stream().filter(d -> isTcp(d.frame, 8001))
                .findFirst().orElseThrow();
        assertThat(inference.dscp()).isEqualTo(46);
        assertThat(inference.queue).isEqualTo(5L);
        assertThat(inference.switches).hasSize(3);
        assertThat(core.flows().flows()).as("decided by a switch rule: the controller tracks nothing").isEmpty();

        // Admission: a flow no switch rule can class goes up, gets its exact rule, and is sent back through it.
        fabric.send(H1_AT, tcp(H1, IP1, H2, IP2, 40001, 5201));
        waitFor(() -> fabric.received(H2).stream().anyMatch(d -> isTcp(d.frame, 5201)), "admitted flow reaches h2");
        assertThat(core.flows().flows()).hasSize(1);
        assertThat(core.flows().flows().get(0).classification().trafficClass()).isEqualTo(TrafficClass.BEST_EFFORT);
        assertThat(core.packets().counters()).containsEntry("flowAdmission", 1L);
        assertThat(fabric.rules(LEAF1)).anyMatch(r -> r.rule().selector().dstPort() != null
                && r.rule().selector().dstPort() == 5201);
    }

    @Test
    void aCoreRunsOnceAndStopsOnce() {
        assertThatThrownBy(core::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
        core.stop();
        core.stop(); // a second stop does nothing
        assertThatThrownBy(core::start).isInstanceOf(IllegalStateException.class);
    }

    private Host host(MacAddress mac) {
        return core.topology().currentTopology().hostsByMac(mac).stream().findFirst().orElse(null);
    }

    private static void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + BOUND + ": " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    private static byte[] arpRequest(MacAddress from, Ip4Address fromIp, Ip4Address target) {
        return ARP.buildArpRequest(org.onlab.packet.MacAddress.valueOf(from.toLong()).toBytes(),
                org.onlab.packet.Ip4Address.valueOf(fromIp.toInt()).toOctets(),
                org.onlab.packet.Ip4Address.valueOf(target.toInt()).toOctets(), Ethernet.VLAN_UNTAGGED).serialize();
    }

    private static boolean isArpReplyFrom(byte[] frame, MacAddress mac) {
        Ethernet eth = parse(frame);
        return eth != null && eth.getPayload() instanceof ARP && ((ARP) eth.getPayload()).getOpCode() == ARP.OP_REPLY
                && eth.getSourceMAC().toLong() == mac.toLong();
    }

    private static byte[] tcp(MacAddress src, Ip4Address srcIp, MacAddress dst, Ip4Address dstIp, int sport,
            int dport) {
        TCP tcp = new TCP();
        tcp.setSourcePort(sport).setDestinationPort(dport).setFlags((short) 0x02);
        tcp.setPayload(new Data(new byte[0]));
        IPv4 ip = new IPv4();
        ip.setSourceAddress(srcIp.toInt()).setDestinationAddress(dstIp.toInt()).setProtocol(IPv4.PROTOCOL_TCP)
                .setTtl((byte) 64).setPayload(tcp);
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(org.onlab.packet.MacAddress.valueOf(src.toLong()).toBytes())
                .setDestinationMACAddress(org.onlab.packet.MacAddress.valueOf(dst.toLong()).toBytes())
                .setEtherType(Ethernet.TYPE_IPV4).setPayload(ip);
        return eth.serialize();
    }

    private static boolean isTcp(byte[] frame, int dport) {
        Ethernet eth = parse(frame);
        return eth != null && eth.getPayload() instanceof IPv4 && eth.getPayload().getPayload() instanceof TCP
                && ((TCP) eth.getPayload().getPayload()).getDestinationPort() == dport;
    }

    private static Ethernet parse(byte[] frame) {
        try {
            return Ethernet.deserializer().deserialize(frame, 0, frame.length);
        } catch (Exception e) {
            return null;
        }
    }
}
