package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.MacAddress;
import io.sluice.openflow.fake.FakeOpenFlowSwitch;
import io.sluice.openflow.fake.FakeSwitchTables;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFGroupType;

/**
 * A rule's group lives and dies with it on the (fake, spec-following) switch: made before the flow
 * that points at it, rewritten in place, deleted only once no flow points at it, since deleting a
 * group deletes its flows. Every step goes through the real provider and translator.
 */
class GroupRulesTest {
    private static final DeviceId SW = Dpid.deviceId(0x201);
    private static final long ID = InstalledRule.FIRST_ID + 7;
    private final FakeSwitchTables tables = new FakeSwitchTables(SW, List.of(1L, 2L, 3L));
    /** One session throughout: a new one would start by clearing core's rules. */
    private final FakeOpenFlowSwitch session = new FakeOpenFlowSwitch(tables);
    private final OpenFlowRuleProvider provider = new OpenFlowRuleProvider(id -> Optional.of(session));

    private static FlowRule rule(TrafficTreatment t) {
        return FlowRule.of(SW, FlowTable.ROUTE, 1100, TrafficSelector.builder().ethDst(MacAddress.parse("02:00:00:00:04:01"))
                .dscp(26).build(), t.withQueue(2), "test route");
    }

    private void apply(FlowRuleOperation op) throws Exception {
        provider.apply(SW, List.of(op)).get();
    }

    @Test
    void aGroupFollowsItsRuleThroughAddModifyAndRemove() throws Exception {
        FlowRule select = rule(TrafficTreatment.group(ForwardingGroup.select(List.of(1L, 2L))));
        apply(FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(ID, select)));
        assertThat(tables.groupIds()).containsExactly(ID);
        assertThat(tables.groupType(ID)).isEqualTo(OFGroupType.SELECT);
        assertThat(tables.buckets(ID)).hasSize(2);
        assertThat(tables.entries(1)).hasSize(1);

        FlowRule failover = rule(TrafficTreatment.group(ForwardingGroup.fastFailover(List.of(2L, 1L))));
        apply(FlowRuleOperation.modify(InstalledRule.of(ID, failover), select));
        assertThat(tables.groupType(ID)).as("rewritten in place").isEqualTo(OFGroupType.FF);
        assertThat(tables.entries(1)).as("the flow survives its group's rewrite").hasSize(1);

        FlowRule plain = rule(TrafficTreatment.output(3));
        apply(FlowRuleOperation.modify(InstalledRule.of(ID, plain), failover));
        assertThat(tables.groupIds()).as("no flow points at it any more").isEmpty();
        assertThat(tables.entries(1)).as("deleting the group did not take the flow").hasSize(1);

        apply(FlowRuleOperation.modify(InstalledRule.of(ID, select), plain));
        assertThat(tables.groupIds()).containsExactly(ID);

        apply(FlowRuleOperation.of(FlowRuleOperation.Type.REMOVE, InstalledRule.of(ID, select)));
        assertThat(tables.entries(1)).isEmpty();
        assertThat(tables.groupIds()).isEmpty();
    }

    @Test
    void aGroupLeftByAnEarlierSessionUnderTheSameIdIsReplaced() throws Exception {
        FlowRule select = rule(TrafficTreatment.group(ForwardingGroup.select(List.of(1L, 2L))));
        apply(FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(ID, select)));
        // Core's record lost the slot (a write it could not confirm), so the same id comes as an ADD again.
        FlowRule failover = rule(TrafficTreatment.group(ForwardingGroup.fastFailover(List.of(1L, 2L))));
        apply(FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(ID, failover)));
        assertThat(tables.groupType(ID)).isEqualTo(OFGroupType.FF);
        assertThat(tables.entries(1)).hasSize(1);
    }
}
