package io.sluice.openflow.fake;

import io.sluice.openflow.Dpid;
import static io.sluice.openflow.fake.Rules.F;
import static io.sluice.openflow.fake.Rules.add;
import static io.sluice.openflow.fake.Rules.applying;
import static io.sluice.openflow.fake.Rules.inPort;
import static io.sluice.openflow.fake.Rules.ipv4Dst;
import static io.sluice.openflow.fake.Rules.match;
import static io.sluice.openflow.fake.Rules.output;
import static io.sluice.openflow.fake.Rules.udp;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.pipeline.BasePipeline;
import io.sluice.openflow.pipeline.SwitchCapabilities;
import io.sluice.openflow.session.OpenFlowErrorException;
import io.sluice.openflow.session.SwitchDisconnectedException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/** The fake behind the {@link io.sluice.openflow.OpenFlowSwitch} interface. */
class FakeOpenFlowSwitchTest {
    private final FakeOpenFlowSwitch sw = new FakeOpenFlowSwitch(Dpid.deviceId(0x201L));

    private static Throwable failure(CompletableFuture<?> f) {
        assertThat(f).isCompletedExceptionally();
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("unreachable");
    }

    @Test
    void aRefusedMessageFailsTheWriteButTheRestIsApplied() {
        List<OFMessage> batch = List.of(add(0, 10, inPort(1), applying(output(2))),
                add(0, 10, ipv4Dst("10.0.0.0/8"), applying(output(3))),
                add(0, 20, inPort(2), applying(output(1))));

        Throwable t = failure(sw.write(batch));

        assertThat(t).isInstanceOf(OpenFlowErrorException.class).hasMessageContaining("FLOW_MOD_FAILED/OVERLAP");
        assertThat(((OpenFlowErrorException) t).errors()).singleElement().satisfies(e -> {
            assertThat(((OFFlowModFailedErrorMsg) e).getCode()).isEqualTo(OFFlowModFailedCode.OVERLAP);
            assertThat(e.getData().getParsedMessage().get().getType()).isEqualTo(OFType.FLOW_MOD);
            assertThat(e.getData().getParsedMessage().get().getXid()).isEqualTo(e.getXid());
        });
        assertThat(sw.tables().entries(0)).extracting(FakeSwitchTables.Entry::priority).containsExactly(20, 10);
    }

    @Test
    void theBasePipelineInstallsAndSendsLldpToTheControllerThroughItsMeter() {
        SwitchCapabilities caps = new SwitchCapabilities(4, 100, true, true, true, 1, Set.of());

        assertThat(sw.write(BasePipeline.messages(sw.factory(), OpenFlowSettings.defaults(), caps))).isCompleted()
                .isNotCompletedExceptionally();

        FakeSwitchTables.Result lldp = sw.tables().process(match().setExact(MatchField.IN_PORT, OFPort.of(1))
                .setExact(MatchField.ETH_TYPE, EthType.LLDP).build());
        assertThat(lldp.ports()).containsExactly(OFPort.CONTROLLER);
        assertThat(lldp.meters()).containsExactly(BasePipeline.LLDP_METER);
        // A second connect with the meters already there must use MODIFY, not ADD.
        SwitchCapabilities again = new SwitchCapabilities(4, 100, true, true, true, 1, Set.of(1L, 2L));
        assertThat(sw.write(BasePipeline.messages(sw.factory(), OpenFlowSettings.defaults(), again)))
                .isNotCompletedExceptionally();
        assertThat(failure(sw.write(BasePipeline.messages(sw.factory(), OpenFlowSettings.defaults(), caps))))
                .hasMessageContaining("METER_EXISTS");
    }

    @Test
    void flowStatsComeFromTheTables() {
        sw.write(List.of(add(0, 10, inPort(1), applying(output(2))), add(1, 10, inPort(2), applying(output(1)))));
        sw.tables().process(udp(1, "10.0.0.1", "10.0.0.2"));

        List<OFFlowStatsReply> replies = sw.request(F.buildFlowStatsRequest().setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY).setOutGroup(org.projectfloodlight.openflow.types.OFGroup.ANY)
                .setMatch(inPort(1)).build()).join();

        assertThat(replies).singleElement().satisfies(r -> assertThat(r.getEntries()).singleElement().satisfies(e -> {
            assertThat(e.getTableId()).isEqualTo(TableId.of(0));
            assertThat(e.getPacketCount().getValue()).isEqualTo(1);
        }));
    }

    @Test
    void packetOutsAreRecordedAndADisconnectedSwitchFailsWrites() {
        sw.send(F.buildPacketOut().setBufferId(OFBufferId.NO_BUFFER).setInPort(OFPort.CONTROLLER)
                .setActions(List.of(output(3))).setData(new byte[60]).build());
        assertThat(sw.sentPacketOuts()).singleElement().satisfies(p -> assertThat(p.getActions()).hasSize(1));

        sw.setConnected(false);
        assertThat(failure(sw.write(List.of(add(0, 10, inPort(1))))))
                .isInstanceOf(SwitchDisconnectedException.class);
        assertThat(sw.tables().flowCount()).isZero();
    }
}
