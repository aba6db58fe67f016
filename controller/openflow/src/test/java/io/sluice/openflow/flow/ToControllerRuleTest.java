package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.PuntBudget;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.openflow.pipeline.BasePipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * A rule that sends packets up (an edge port's unclassified IPv4) asks for the whole packet, so it
 * can be sent back through the tables, and shares the base pipeline's packet-in meter where the
 * switch has it, so a burst of new flows cannot flood the controller.
 */
class ToControllerRuleTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final FlowRule UP = FlowRule.of(Dpid.deviceId(0x201), FlowTable.CLASSIFY, 11,
            TrafficSelector.builder().inPort(3).ipv4().build(), TrafficTreatment.toController(), "edge port 3");

    private static List<OFInstruction> instructions(boolean meters) {
        return instructions(UP, meters);
    }

    private static List<OFInstruction> instructions(FlowRule rule, boolean meters) {
        FlowRuleOperation op = FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(InstalledRule.FIRST_ID, rule));
        List<?> first = FlowRuleTranslator.toMessages(OF13, op, meters).all();
        assertThat(first).singleElement().isInstanceOf(OFFlowMod.class);
        return ((OFFlowMod) first.get(0)).getInstructions();
    }

    @Test
    void theWholePacketGoesUpThroughTheMeterWhenThereIsOne() {
        List<OFInstruction> metered = instructions(true);
        assertThat(metered).hasSize(2);
        assertThat(((OFInstructionMeter) metered.get(0)).getMeterId()).isEqualTo(BasePipeline.PACKET_IN_METER);
        OFActionOutput out = (OFActionOutput) ((OFInstructionApplyActions) metered.get(1)).getActions().get(0);
        assertThat(out.getPort()).isEqualTo(OFPort.CONTROLLER);
        assertThat(out.getMaxLen()).as("no buffering: the packet must come back whole").isEqualTo(0xFFFF);

        assertThat(instructions(false)).singleElement().isInstanceOf(OFInstructionApplyActions.class);
    }

    @Test
    void eachPuntBudgetHasItsOwnMeter() {
        FlowRule discovery = UP.withTreatment(TrafficTreatment.toController(PuntBudget.DISCOVERY), "discovery");
        List<OFInstruction> metered = instructions(discovery, true);
        assertThat(((OFInstructionMeter) metered.get(0)).getMeterId()).isEqualTo(BasePipeline.LLDP_METER).isEqualTo(2);
        assertThat(((OFInstructionMeter) instructions(true).get(0)).getMeterId()).isEqualTo(1);
        assertThat(instructions(discovery, false)).as("no meters: unmetered, whatever the budget")
                .singleElement().isInstanceOf(OFInstructionApplyActions.class);
    }
}
