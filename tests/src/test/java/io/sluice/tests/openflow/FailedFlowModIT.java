package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.session.OpenFlowErrorException;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.types.TableId;

/** A FlowMod the switch refuses fails its write with the decoded error; the session stays up. */
class FailedFlowModIT {
    private static final long DPID = 0x51c0_0005L;

    @Test
    void aFlowIntoATableThatDoesNotExistFailsWithTheSwitchsReason() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                OvsBridge bridge = OvsBridge.create("slfail", DPID, "OpenFlow13", controller.controllerTarget())) {
            Wait.until("the bridge is listed", Duration.ofSeconds(10), () -> controller.switchView(DPID).isPresent());
            OpenFlowSwitch sw = controller.openFlowSwitch(DPID).orElseThrow();
            OFFactory f = sw.factory();
            int tables = controller.switchView(DPID).orElseThrow().get("tables").asInt();
            OFFlowAdd good = f.buildFlowAdd().setTableId(TableId.of(2)).setPriority(7).build();
            OFFlowAdd bad = f.buildFlowAdd().setTableId(TableId.of(tables)).setPriority(7).build();

            CompletableFuture<Void> write = sw.write(List.of(good, bad));

            assertThat(write).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause()
                    .isInstanceOf(OpenFlowErrorException.class)
                    .withMessageMatching("switch of:0000000051c00005 refused: "
                            + "[A-Z_]+/[A-Z_]+ in reply to FLOW_MOD \\(xid \\d+\\)");
            List<OFErrorMsg> errors = ((OpenFlowErrorException) write.handle((v, e) -> e).join()).errors();
            assertThat(errors).as("only the bad flow is refused").singleElement().satisfies(error ->
                    assertThat(error.getData().getParsedMessage().get())
                            .isInstanceOfSatisfying(OFFlowAdd.class,
                                    refused -> assertThat((int) refused.getTableId().getValue()).isEqualTo(tables)));

            assertThat(sw.isConnected()).isTrue();
            assertThat(controller.switchView(DPID)).isPresent();
            assertThat(sw.write(List.of(good))).as("the next write goes through").succeedsWithin(Duration.ofSeconds(5));
            assertThat(bridge.dumpFlows()).contains("table=2").contains("priority=7");
        }
    }
}
