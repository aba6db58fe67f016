package io.sluice.core.route.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.pipeline.PriorityBand;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.TestFabric;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every rule a routing run makes lies in the pipeline band of its kind, and none in a base rule's
 * band: routing can never take over, or diff away, a base rule's slot.
 */
class RulesInBandsTest {
    private static List<FlowRule> run(Topology t, Policy policy) {
        Map<DeviceId, RouteTree> trees = new HashMap<>();
        t.hosts().forEach(h -> trees.computeIfAbsent(h.location().deviceId(),
                d -> new HopCountPlanner().plan(t, d, RouteTree.empty(d))));
        DesiredRules rules = RouteCompiler.compile(t, trees, policy, LinkLoad.NONE, key -> Optional.empty());
        List<FlowRule> out = new ArrayList<>();
        t.devices().forEach(d -> out.addAll(rules.rules(d.id())));
        return out;
    }

    @Test
    void routingRulesAreInRoutingBandsOnly() {
        Topology t = TestFabric.leafSpine(2, 2, 2).topology();
        Policy policy = PolicyFixtures.base()
                .rule(PolicyFixtures.rule("a", 10, TrafficClass.INFERENCE, PolicyFixtures.match().ipProto(6)
                        .dstPorts(PolicyFixtures.ports(8000, 8001))))
                .build();
        List<FlowRule> rules = new ArrayList<>(run(t, null));
        rules.addAll(run(t, policy));
        assertThat(rules).isNotEmpty().allSatisfy(r -> {
            Optional<PriorityBand> band = PriorityBand.of(r.table(), r.priority());
            assertThat(band).as("%s", r).isPresent();
            assertThat(band.get().isBase()).as("%s", r).isFalse();
            if (r.table() == FlowTable.ROUTE) {
                assertThat(band.get()).as("%s", r).isIn(PriorityBand.HOST_ROUTE, PriorityBand.CLASS_ROUTE);
            } else {
                assertThat(band.get()).as("%s", r).isIn(PriorityBand.POLICY, PriorityBand.PORT_DEFAULT);
            }
        });
        assertThat(rules).extracting(r -> PriorityBand.of(r.table(), r.priority()).orElseThrow())
                .contains(PriorityBand.HOST_ROUTE, PriorityBand.CLASS_ROUTE, PriorityBand.POLICY,
                        PriorityBand.PORT_DEFAULT);
    }
}
