package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.BlackholeProxy;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A switch that leaves is dropped: at once when it closes the connection, after the keepalive
 * timeout when its control connection just goes silent.
 */
class SwitchDisconnectIT {
    private static final long DPID = 0x51c0_0003L;
    private ControllerUnderTest controller;

    @BeforeEach
    void start() {
        controller = ControllerUnderTest.start();
    }

    @AfterEach
    void stop() {
        controller.close();
    }

    @Test
    void delControllerRemovesTheSwitchWithinTheKeepaliveTimeout() {
        try (OvsBridge bridge = OvsBridge.create("sldisc", DPID, "OpenFlow13", controller.controllerTarget())) {
            Wait.until("the bridge is listed", Duration.ofSeconds(10), () -> controller.switchView(DPID).isPresent());
            bridge.deleteController();
            Wait.until("the bridge is gone", controller.keepaliveTimeout(), () -> controller.switchView(DPID).isEmpty());
            assertThat(controller.get("/api/v1/switches/" + Long.toHexString(DPID)).status()).isEqualTo(404);
        }
    }

    @Test
    void aSilentControlConnectionIsDroppedAfterTheKeepaliveTimeout() throws Exception {
        try (BlackholeProxy proxy = new BlackholeProxy(controller.openFlowPort());
                OvsBridge bridge = OvsBridge.create("slsilent", DPID, "OpenFlow13", "tcp:127.0.0.1:" + proxy.port())) {
            Wait.until("the bridge is listed", Duration.ofSeconds(10), () -> controller.switchView(DPID).isPresent());
            long before = controller.closedConnections("KEEPALIVE_TIMEOUT");

            proxy.goSilent();
            Duration keepalive = controller.keepaliveTimeout();
            Duration took = Wait.until("the silent bridge is dropped", keepalive.plusSeconds(3),
                    () -> controller.switchView(DPID).isEmpty());

            // The last message through the proxy may have come up to an echo interval (plus a tick)
            // before it went silent, so the drop may come that much sooner than a full timeout.
            Duration echo = Duration.ofNanos(controller.config().getOpenflow().getEchoInterval().toNanoseconds());
            assertThat(took).as("not before the keepalive timeout").isGreaterThanOrEqualTo(
                    keepalive.minus(echo).minusMillis(200));
            assertThat(controller.closedConnections("KEEPALIVE_TIMEOUT")).isEqualTo(before + 1);
        }
    }
}
