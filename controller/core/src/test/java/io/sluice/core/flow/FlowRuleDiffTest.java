package io.sluice.core.flow;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.device.DeviceId;
import io.sluice.core.net.MacAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowRuleDiffTest {
    private static final DeviceId SW = Ids.of(1);

    private static FlowRule route(long mac, long port, String reason) {
        return FlowRule.of(SW, FlowTable.ROUTE, 1000,
                TrafficSelector.builder().ethDst(MacAddress.of(mac)).vlan(0).build(), TrafficTreatment.output(port),
                reason);
    }

    @Test
    void onlyTheDifferenceIsWritten() {
        List<FlowRule> installed = List.of(route(1, 1, "a"), route(2, 2, "b"), route(3, 3, "c"), route(4, 4, "d"));
        List<FlowRule> desired = List.of(route(1, 1, "a"), route(2, 5, "b moved"), route(3, 3, "c renamed"),
                route(6, 6, "new"));
        FlowRuleDiff diff = FlowRuleDiff.between(installed, desired);
        assertThat(diff.added()).containsExactly(route(6, 6, "new"));
        assertThat(diff.modified()).containsExactly(route(2, 5, "b moved"));
        assertThat(diff.removed()).containsExactly(route(4, 4, "d"));
        assertThat(diff.relabelled()).containsExactly(route(3, 3, "c renamed"));
        assertThat(diff.writes()).isEqualTo(3);
    }

    @Test
    void identicalSetsNeedNothing() {
        List<FlowRule> rules = List.of(route(1, 1, "a"), route(2, 2, "b"));
        assertThat(FlowRuleDiff.between(rules, rules).isEmpty()).isTrue();
    }

    @Test
    void twoDesiredRulesInOneSlotAreAContradiction() {
        assertThatThrownBy(() -> FlowRuleDiff.between(List.of(), List.of(route(1, 1, "x"), route(1, 2, "y"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two desired rules in one slot");
    }

    @Test
    void aSliceKeepsOnlyMatchingRules() {
        FlowRuleDiff diff = FlowRuleDiff.between(List.of(route(4, 4, "d")), List.of(route(1, 1, "a"), route(2, 2, "b")));
        FlowRuleDiff slice = diff.filter(r -> r.treatment().outputPort() == 1);
        assertThat(slice.added()).containsExactly(route(1, 1, "a"));
        assertThat(slice.removed()).isEmpty();
        assertThat(diff.withoutRemovals().removed()).isEmpty();
        assertThat(diff.removalsOnly().added()).isEmpty();
        assertThat(diff.removalsOnly().removed()).hasSize(1);
    }
}
