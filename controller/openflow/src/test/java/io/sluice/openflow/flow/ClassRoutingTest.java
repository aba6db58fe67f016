package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.fake.FakeSwitchTables;
import io.sluice.openflow.fake.Trace;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * Class-aware routes on the fake leaf-spine, with the policy of {@link EdgeClassificationTest}:
 * each class is marked at the ingress edge, carries its queue on every hop, and takes its kind of
 * path (fast failover for INFERENCE, spread for TRAINING); a policy change rewrites only what it
 * changes.
 */
class ClassRoutingTest extends FakeLeafSpineFixture {
    private Host client;
    private Host server;

    /** The policy of {@link EdgeClassificationTest} without its one rule only the controller can apply. */
    private static Policy policy() {
        Policy p = EdgeClassificationTest.policy();
        return p.withRules(p.rules().stream().filter(r -> !r.id().equals("by-mac")).collect(Collectors.toList()));
    }

    @BeforeEach
    void withPolicy() throws Exception {
        routes.policyChanged(policy(), "test policy");
        discover();
        client = hosts.get(0); // leaf 1, 10.0.1.1: in the "gpu" group, which only matters with another gpu host
        server = hosts.get(2 * HOSTS_PER_LEAF); // leaf 3, 10.0.3.1
    }

    private static Match l4(Host from, Host to, int proto, int srcPort, int dstPort) {
        Match.Builder m = OF13.buildMatch()
                .setExact(MatchField.ETH_SRC, org.projectfloodlight.openflow.types.MacAddress.of(from.mac().toLong()))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of(to.mac().toLong()))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(from.ip().toInt()))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(to.ip().toInt()))
                .setExact(MatchField.IP_PROTO, IpProtocol.of((short) proto))
                .setExact(MatchField.IP_DSCP, IpDscp.of((byte) 0));
        if (proto == 6) {
            m.setExact(MatchField.TCP_SRC, TransportPort.of(srcPort)).setExact(MatchField.TCP_DST, TransportPort.of(dstPort));
        } else {
            m.setExact(MatchField.UDP_SRC, TransportPort.of(srcPort)).setExact(MatchField.UDP_DST, TransportPort.of(dstPort));
        }
        return m.build();
    }

    private Trace send(Match packet) {
        Trace t = fabric.trace(client.at(), packet);
        assertThat(t.deliveredTo()).as("%s", t).containsExactly(server.at());
        assertThat(t.toController()).as("%s", t).isEmpty();
        return t;
    }

    private static void assertMarkedAndQueued(Trace t, ConnectPoint at, int dscp, long queue) {
        assertThat(t.packetsAt(at)).as("%s", t).allSatisfy(p -> assertThat(p.get(MatchField.IP_DSCP).getDscpValue())
                .isEqualTo((byte) dscp));
        assertThat(t.hops()).as("every hop queues the class: %s", t).hasSize(3)
                .allSatisfy(h -> assertThat(h.queue()).hasValue(queue));
    }

    @Test
    void eachClassIsMarkedAtTheEdgeAndQueuedOnEveryHop() {
        assertMarkedAndQueued(send(l4(client, server, 6, 40000, 8001)), server.at(), 34, 1); // INFERENCE
        assertMarkedAndQueued(send(l4(client, server, 17, 40000, 4791)), server.at(), 26, 2); // TRAINING
        assertMarkedAndQueued(send(l4(client, server, 6, 40000, 873)), server.at(), 8, 4); // ARCHIVAL
        assertMarkedAndQueued(send(l4(client, server, 6, 40000, 179)), server.at(), 48, 0); // CONTROL
        assertMarkedAndQueued(send(l4(client, server, 6, 40000, 22)), server.at(), 0, 3); // BEST_EFFORT
    }

    @Test
    void trainingFlowsSpreadOverBothSpinesAndEachFlowKeepsOne() {
        Set<DeviceId> spinesUsed = new HashSet<>();
        for (int port = 40000; port < 40016; port++) {
            Match flow = l4(client, server, 17, port, 4791);
            DeviceId spine = send(flow).hops().get(1).device();
            spinesUsed.add(spine);
            assertThat(send(flow).hops().get(1).device()).as("one flow, one spine").isEqualTo(spine);
        }
        assertThat(spinesUsed).containsExactlyInAnyOrder(spine(1), spine(2));
        // Other classes take one path: the route tree's.
        Set<DeviceId> bestEffort = new HashSet<>();
        for (int port = 40000; port < 40016; port++) {
            bestEffort.add(send(l4(client, server, 6, port, 22)).hops().get(1).device());
        }
        assertThat(bestEffort).hasSize(1);
    }

    @Test
    void inferenceFailsOverInTheSwitchBeforeTheControllerHearsOfTheFailure() {
        Match inference = l4(client, server, 6, 40000, 8001);
        DeviceId primary = send(inference).hops().get(1).device();
        long uplink = Dpid.dpid(primary) - 0x100;
        // The cable goes down; the controller is not told, so only the switch can react.
        fabric.setCableUp(ConnectPoint.of(leaf(1), uplink), ConnectPoint.of(primary, 1), false);

        Trace after = send(inference);
        assertThat(after.hops().get(1).device()).isNotEqualTo(primary);
        assertMarkedAndQueued(after, server.at(), 34, 1);
        // Best effort takes the same uplink (the route tree's) and has no backup in the switch: it waits
        // for the controller.
        Trace bestEffort = fabric.trace(client.at(), l4(client, server, 6, 40000, 22));
        assertThat(bestEffort.hops().get(0).outPort().getPortNumber()).isEqualTo((int) uplink);
        assertThat(bestEffort.deliveredTo()).as("%s", bestEffort).isEmpty();
    }

    @Test
    void aPolicyChangeRewritesExactlyTheRulesItChanges() throws Exception {
        Policy before = policy();
        List<ClassificationRule> rules = before.rules().stream()
                .map(r -> r.id().equals("rsync") ? ClassificationRule.of(r.id(), r.priority(), r.match(),
                        TrafficClass.TRAINING, r.comment(), r.line()) : r)
                .collect(Collectors.toList());
        int flowsBefore = totalFlows();
        long version = routes.lastRun().orElseThrow().topologyVersion();

        routes.policyChanged(before.withRules(rules), "rsync is training now");
        until("a run after the change", () -> routes.lastRun().map(r -> r.trigger().contains("rsync is training now")
                && r.complete()).orElse(false));

        // One table-0 entry per edge port, rewritten in place; nothing added or taken away.
        int edgePorts = LEAVES * HOSTS_PER_LEAF;
        assertThat(routes.lastRun().orElseThrow().writes()).isEqualTo(edgePorts);
        assertThat(totalFlows()).isEqualTo(flowsBefore);
        assertThat(routes.lastRun().orElseThrow().topologyVersion()).isEqualTo(version);
        assertMarkedAndQueued(send(l4(client, server, 6, 40000, 873)), server.at(), 26, 2);
    }

    private int totalFlows() {
        int n = 0;
        for (DeviceId id : switches.keySet()) {
            FakeSwitchTables t = fabric.switchTables(id);
            n += t.flowCount();
        }
        return n;
    }
}
