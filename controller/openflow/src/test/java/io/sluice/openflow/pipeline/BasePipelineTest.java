package io.sluice.openflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.openflow.OpenFlowSettings;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.meterband.OFMeterBandDrop;
import org.projectfloodlight.openflow.types.OFPort;

class BasePipelineTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final SwitchCapabilities OVS = new SwitchCapabilities(254, 200_000, true, true, true, 1, Set.of());

    private static OpenFlowSettings settings(boolean clear) {
        return new OpenFlowSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 250, 50, 100, clear, OpenFlowSettings.ControllerRole.EQUAL);
    }

    private static long meterOf(OFFlowAdd flow) {
        return flow.getInstructions().stream().filter(i -> i instanceof OFInstructionMeter)
                .mapToLong(i -> ((OFInstructionMeter) i).getMeterId()).findFirst().orElse(0);
    }

    private static List<OFFlowAdd> flows(List<OFMessage> messages) {
        return messages.stream().filter(m -> m instanceof OFFlowAdd).map(m -> (OFFlowAdd) m).toList();
    }

    @Test
    void metersPacketInsAndLldpSeparatelyAtTheConfiguredRates() {
        List<OFMessage> out = BasePipeline.messages(OF13, settings(false), OVS);
        List<OFMeterMod> meters = out.stream().filter(m -> m instanceof OFMeterMod).map(m -> (OFMeterMod) m).toList();
        assertThat(meters).extracting(OFMeterMod::getMeterId).containsExactly(1L, 2L);
        assertThat(meters).allMatch(m -> m.getCommand() == OFMeterModCommand.ADD);
        assertThat(((OFMeterBandDrop) meters.get(0).getMeters().get(0)).getRate()).isEqualTo(250);
        assertThat(((OFMeterBandDrop) meters.get(1).getMeters().get(0)).getRate()).isEqualTo(100);

        List<OFFlowAdd> flows = flows(out);
        assertThat(flows).extracting(f -> f.getTableId().getValue() + "/" + f.getPriority() + "/meter " + meterOf(f))
                .containsExactly("0/60000/meter 2", "0/50000/meter 1", "0/0/meter 1", "1/0/meter 1");
        assertThat(flows.get(0).getMatch().get(MatchField.ETH_TYPE).getValue()).isEqualTo(0x88cc);
        assertThat(flows.get(1).getMatch().get(MatchField.ETH_TYPE).getValue()).isEqualTo(0x0806);
        assertThat(flows).allSatisfy(f -> {
            assertThat(BasePipeline.reason(f.getCookie())).as("every base rule says why it exists").isPresent();
            OFInstructionApplyActions apply = (OFInstructionApplyActions) f.getInstructions()
                    .get(f.getInstructions().size() - 1);
            OFActionOutput output = (OFActionOutput) apply.getActions().get(0);
            assertThat(output.getPort()).isEqualTo(OFPort.CONTROLLER);
            assertThat(output.getMaxLen()).as("whole packet, not buffered").isEqualTo(0xFFFF);
        });
    }

    @Test
    void aSwitchWithoutDropBandsGetsNoMeters() {
        List<OFMessage> out = BasePipeline.messages(OF13, settings(false), new SwitchCapabilities(254, 100, false, true, true, 1, Set.of()));
        assertThat(out).noneMatch(m -> m instanceof OFMeterMod);
        assertThat(flows(out)).allMatch(f -> meterOf(f) == 0);
    }

    @Test
    void aSingleTableSwitchGetsNoRouteTableMiss() {
        List<OFMessage> out = BasePipeline.messages(OF13, settings(false), new SwitchCapabilities(1, 10, true, true, true, 1, Set.of()));
        assertThat(flows(out)).allMatch(f -> f.getTableId().getValue() == 0);
    }

    @Test
    void clearOnConnectDeletesEverythingFirstAndThenAddsMetersAfresh() {
        SwitchCapabilities withOldMeters = new SwitchCapabilities(254, 10, true, true, true, 1, Set.of(1L, 2L));
        List<OFMessage> out = BasePipeline.messages(OF13, settings(true), withOldMeters);
        assertThat(out.subList(0, 3)).extracting(OFMessage::getType)
                .containsExactly(OFType.FLOW_MOD, OFType.GROUP_MOD, OFType.METER_MOD);
        assertThat(((OFFlowMod) out.get(0)).getCommand().name()).isEqualTo("DELETE");
        assertThat(out.subList(3, 5)).allMatch(m -> ((OFMeterMod) m).getCommand() == OFMeterModCommand.ADD);
    }

    @Test
    void withoutClearOnConnectExistingMetersAreModified() {
        SwitchCapabilities withOldMeters = new SwitchCapabilities(254, 10, true, true, true, 1, Set.of(2L));
        List<OFMessage> out = BasePipeline.messages(OF13, settings(false), withOldMeters);
        assertThat(out).filteredOn(m -> m instanceof OFMeterMod)
                .extracting(m -> ((OFMeterMod) m).getCommand())
                .containsExactly(OFMeterModCommand.ADD, OFMeterModCommand.MODIFY);
        assertThat(out).noneMatch(m -> m.getType() == OFType.GROUP_MOD);
    }
}
