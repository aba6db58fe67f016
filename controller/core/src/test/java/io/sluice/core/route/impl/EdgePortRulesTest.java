package io.sluice.core.route.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.TestFabric;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.topology.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Table 0 by port: fabric ports trust the marking, ports with a host classify by the whole policy,
 * and a port with neither (every port while a fabric is being discovered) gets two rules, not the
 * policy's, so that discovering a link does not write and take back a policy's worth of entries.
 */
class EdgePortRulesTest {
    private static final DeviceId LEAF = Ids.of(0x201);
    private final Policy policy = PolicyFixtures.base()
            .rule(PolicyFixtures.rule("a", 10, TrafficClass.INFERENCE, PolicyFixtures.match().ipProto(6)
                    .dstPorts(PolicyFixtures.ports(8000, 8001))))
            .rule(PolicyFixtures.rule("b", 20, TrafficClass.ARCHIVAL, PolicyFixtures.match().ipProto(6)
                    .dstPorts(PolicyFixtures.ports(873, 873))))
            .build();

    private List<FlowRule> tableZero(Topology t) {
        return tableZero(t, policy);
    }

    private List<FlowRule> tableZero(Topology t, Policy policy) {
        Map<DeviceId, RouteTree> trees = new HashMap<>();
        t.hosts().forEach(h -> trees.computeIfAbsent(h.location().deviceId(),
                d -> new HopCountPlanner().plan(t, d, RouteTree.empty(d))));
        DesiredRules rules = RouteCompiler.compile(t, trees, policy, LinkLoad.NONE, key -> Optional.empty());
        return rules.rules(LEAF).stream().filter(r -> r.table() == FlowTable.CLASSIFY).collect(Collectors.toList());
    }

    @Test
    void aPortWithoutAHostGetsTwoRulesAndTheWholePolicyFollowsTheHost() {
        Topology withHost = TestFabric.leafSpine(2, 2, 1).topology();
        Topology noHost = Topology.of(withHost.version() + 1, withHost.devices(), withHost.links(), List.of());

        List<FlowRule> before = tableZero(noHost).stream().filter(r -> r.selector().inPort() == 3)
                .collect(Collectors.toList());
        assertThat(before).hasSize(2).allSatisfy(r -> assertThat(r.reason()).contains("no host seen yet"));
        assertThat(before).anySatisfy(r -> assertThat(r.treatment().setDscp())
                .isEqualTo(policy.classes().get(TrafficClass.BEST_EFFORT).dscp()));

        List<FlowRule> after = tableZero(withHost).stream().filter(r -> r.selector().inPort() == 3)
                .collect(Collectors.toList());
        assertThat(after).extracting(FlowRule::reason).anyMatch(r -> r.startsWith("policy rule a"))
                .anyMatch(r -> r.startsWith("policy rule b"));
        // Fabric ports: one rule each, with or without hosts.
        assertThat(tableZero(noHost).stream().filter(r -> r.selector().inPort() == 1)).singleElement()
                .satisfies(r -> assertThat(r.reason()).startsWith("fabric port 1"));
    }

    @Test
    void withEverythingBestEffortAHostPortMarksEveryIpv4PacketBestEffortAndNothingGoesToTheController() {
        Topology t = TestFabric.leafSpine(2, 2, 1).topology();
        Policy flat = policy.withEverythingAs(TrafficClass.BEST_EFFORT);
        List<FlowRule> hostPort = tableZero(t, flat).stream().filter(r -> r.selector().inPort() == 3)
                .collect(Collectors.toList());

        assertThat(hostPort).noneSatisfy(r -> assertThat(r.reason()).startsWith("policy rule"));
        assertThat(hostPort).noneSatisfy(r -> assertThat(r.treatment().isToController()).isTrue());
        int bestEffort = policy.classes().get(TrafficClass.BEST_EFFORT).dscp();
        assertThat(hostPort).filteredOn(r -> r.treatment().setDscp() != null).isNotEmpty()
                .allSatisfy(r -> assertThat(r.treatment().setDscp()).isEqualTo(bestEffort));
        // The policy it came from is untouched: switching back restores its rules.
        assertThat(tableZero(t).stream().filter(r -> r.selector().inPort() == 3))
                .anySatisfy(r -> assertThat(r.reason()).startsWith("policy rule a"));
    }
}
