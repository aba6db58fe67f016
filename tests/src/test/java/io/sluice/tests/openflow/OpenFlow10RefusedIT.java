package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.RawOpenFlowConnection;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;

/** A switch that speaks only OpenFlow 1.0 is refused with HELLO_FAILED; an OpenFlow 1.3 switch beside it is served. */
class OpenFlow10RefusedIT {
    private static final long DPID_13 = 0x51c0_0013L;
    private static final long DPID_10 = 0x51c0_0010L;
    private static ControllerUnderTest controller;
    private static OvsBridge modern;

    @BeforeAll
    static void start() {
        controller = ControllerUnderTest.start();
        modern = OvsBridge.create("slof13", DPID_13, "OpenFlow13", controller.controllerTarget());
        Wait.until("the OpenFlow 1.3 bridge is listed", Duration.ofSeconds(10),
                () -> controller.switchView(DPID_13).isPresent());
    }

    @AfterAll
    static void stop() {
        modern.close();
        controller.close();
    }

    @Test
    void anOpenFlow10HelloGetsHelloFailedAndTheConnectionIsClosed() throws Exception {
        try (RawOpenFlowConnection old = new RawOpenFlowConnection(controller.openFlowPort())) {
            OFMessage ourHello = old.receive(Duration.ofSeconds(5));
            assertThat(ourHello.getType()).isEqualTo(OFType.HELLO);
            assertThat(ourHello.getVersion()).isEqualTo(OFVersion.OF_13);

            old.send(OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(1).build());
            OFMessage answer = old.receive(Duration.ofSeconds(5));
            assertThat(answer).isInstanceOf(OFHelloFailedErrorMsg.class);
            assertThat(answer.getVersion()).as("in the switch's own version").isEqualTo(OFVersion.OF_10);
            assertThat(((OFHelloFailedErrorMsg) answer).getCode().name()).isEqualTo("INCOMPATIBLE");
            assertThat(old.closedByPeerWithin(Duration.ofSeconds(5))).isTrue();
        }
        assertThat(controller.switchView(DPID_13)).as("the 1.3 switch is still served").isPresent();
    }

    @Test
    void anOpenVSwitchBridgeLimitedTo10NeverAppearsAndTheOtherStays() {
        long refusedBefore = controller.closedConnections("VERSION_REFUSED");
        try (OvsBridge old = OvsBridge.create("slof10", DPID_10, "OpenFlow10", controller.controllerTarget())) {
            Wait.until("the 1.0 bridge has been refused", Duration.ofSeconds(10),
                    () -> controller.closedConnections("VERSION_REFUSED") > refusedBefore);
            assertThat(controller.switchView(DPID_10)).isEmpty();
            assertThat(controller.switchView(DPID_13)).isPresent();
            assertThat(controller.openFlowSwitch(DPID_13).orElseThrow().write(java.util.List.of()))
                    .as("the 1.3 bridge still answers a barrier").succeedsWithin(Duration.ofSeconds(5));
        }
    }
}
