package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.Wait;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A switch configured with the controller twice (both of its listen ports) keeps one session: the
 * second connection is refused every time it comes, and never evicts the first.
 */
class DuplicateConnectionIT {
    private static final long DPID = 0x51c0_0006L;

    @Test
    void theFirstSessionStaysAndEveryDuplicateIsRefused() {
        try (ControllerUnderTest controller = ControllerUnderTest.start(
                ConfigOverride.config("openflow.listen", "127.0.0.1:0,127.0.0.1:0"))) {
            List<InetSocketAddress> ports = controller.app().openFlowServer().boundAddresses();
            assertThat(ports).hasSize(2);
            try (OvsBridge bridge = OvsBridge.create("sldup", DPID, "OpenFlow13",
                    "tcp:127.0.0.1:" + ports.get(0).getPort())) {
                Wait.until("the bridge is listed", Duration.ofSeconds(10), () -> controller.switchView(DPID).isPresent());
                JsonNode first = controller.switchView(DPID).orElseThrow();

                bridge.setController("tcp:127.0.0.1:" + ports.get(0).getPort(), "tcp:127.0.0.1:" + ports.get(1).getPort());
                Wait.until("the duplicate has been refused twice (OVS retried)", Duration.ofSeconds(20), () -> {
                    JsonNode now = controller.switchView(DPID).orElseThrow(() -> new AssertionError("switch vanished"));
                    assertThat(now.get("remoteAddress")).as("never replaced").isEqualTo(first.get("remoteAddress"));
                    assertThat(now.get("connectedSince")).isEqualTo(first.get("connectedSince"));
                    return controller.closedConnections("DUPLICATE_DATAPATH") >= 2;
                });
                assertThat(controller.openFlowSwitch(DPID).orElseThrow().write(List.of()))
                        .as("the first session still answers").succeedsWithin(Duration.ofSeconds(5));
            }
        }
    }
}
