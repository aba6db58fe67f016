package io.sluice.core.route;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Walking the installed rules of one class from a flow's ingress to its destination host. */
class InstalledPathsTest {
    private final TestFabric fabric = TestFabric.leafSpine(2, 2, 1);
    private final Topology topology = fabric.topology();
    private final DeviceManager devices = new DeviceManager();
    private final FlowRuleManager rules = new FlowRuleManager((d, ops) -> CompletableFuture.completedFuture(null), devices);
    private static final DeviceId LEAF1 = Ids.of(0x201);
    private static final DeviceId LEAF2 = Ids.of(0x202);
    private static final DeviceId SPINE2 = Ids.of(0x102);

    private void install(FlowRule... r) throws Exception {
        rules.apply(r[0].device(), FlowRuleDiff.between(List.of(), List.of(r))).get();
    }

    @Test
    void theClassRuleIsFollowedWhereThereIsOneAndTheCatchAllElsewhere() throws Exception {
        rules.activate();
        topology.devices().forEach(devices::deviceConnected);
        Host dst = topology.hosts().stream().filter(h -> h.location().deviceId().equals(LEAF2)).findFirst().orElseThrow();
        TrafficSelector toHost = TrafficSelector.builder().ethDst(dst.id().mac()).build();
        TrafficSelector toHostAs26 = TrafficSelector.builder().ethDst(dst.id().mac()).dscp(26).build();
        FlowRule edge = FlowRule.of(LEAF1, FlowTable.CLASSIFY, 150, TrafficSelector.builder().inPort(3).ipv4()
                .ipProto(6).dstPort(29500, 0xFFFF).build(), TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(26), "edge");
        // Leaf 1: the catch-all goes to spine 1 (port 1), DSCP 26 to spine 2 (port 2).
        install(edge, FlowRule.of(LEAF1, FlowTable.ROUTE, 1000, toHost, TrafficTreatment.output(1), "catch-all"),
                FlowRule.of(LEAF1, FlowTable.ROUTE, 1100, toHostAs26, TrafficTreatment.output(2), "training"));
        install(FlowRule.of(SPINE2, FlowTable.ROUTE, 1000, toHost, TrafficTreatment.output(2), "spine catch-all"));
        install(FlowRule.of(LEAF2, FlowTable.ROUTE, 1000, toHost, TrafficTreatment.output(dst.location().port()), "last"));

        FlowKey flow = FlowKey.builder().src(Ip4Address.parse("10.0.1.1")).dst(dst.ips().iterator().next()).ipProto(6)
                .srcPort(40000).dstPort(29500).ingress(ConnectPoint.of(LEAF1, 3)).build();
        assertThat(InstalledPaths.edgeRule(rules, flow)).contains(edge);
        List<InstalledPaths.Hop> hops = InstalledPaths.walk(topology, rules, LEAF1, List.of(edge), dst, 26);
        assertThat(hops).extracting(InstalledPaths.Hop::device).containsExactly(LEAF1, SPINE2, LEAF2);
        assertThat(hops.get(0).rules()).extracting(FlowRule::reason).containsExactly("edge", "training");
        assertThat(hops.get(1).rules()).extracting(FlowRule::reason).containsExactly("spine catch-all");

        // Another port does not match the edge entry; unmarked traffic takes the catch-all, to spine 1, which
        // has no route: the walk stops there.
        FlowKey other = FlowKey.builder().src(Ip4Address.parse("10.0.1.1")).dst(Ip4Address.of(Ip4Prefix.parse("10.0.2.1/32")
                .address().toInt())).ipProto(6).srcPort(40000).dstPort(22).ingress(ConnectPoint.of(LEAF1, 3)).build();
        assertThat(InstalledPaths.edgeRule(rules, other)).isEmpty();
        assertThat(InstalledPaths.walk(topology, rules, LEAF1, List.of(), dst, 0)).extracting(InstalledPaths.Hop::device)
                .containsExactly(LEAF1, Ids.of(0x101));
    }
}
