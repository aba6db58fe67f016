package io.sluice.tests.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * TCP between hosts on different leaves runs at the lab's link rate (every link shaped to
 * 100 Mbit/s, as the lab shapes them): the first packets are not lost and the path is the switches'.
 */
class CrossLeafThroughputIT {
    private static final double LINK_MBPS = 100;

    @Test
    void iperfBetweenLeavesReachesTheLinkRate() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort(), LINK_MBPS)) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            // In the host shell's background, not -D: a daemon would outlive the fabric's teardown.
            fabric.onHost("h4_1", "iperf3 -s -1 -p 5201 >/dev/null 2>&1 &");
            Wait.until("iperf3 server listening", Duration.ofSeconds(5),
                    () -> fabric.onHost("h4_1", "ss -ltn sport = :5201").contains("5201"));

            JsonNode result = new ObjectMapper().readTree(fabric.onHost("h1_1", "iperf3 -c 10.0.4.1 -p 5201 -t 5 -O 1 -J"));
            double receivedMbps = result.at("/end/sum_received/bits_per_second").asDouble() / 1e6;

            assertThat(receivedMbps).as("TCP goodput h1_1 -> h4_1, Mbit/s (iperf3: %s)", result.at("/end/sum_received"))
                    .isGreaterThanOrEqualTo(0.9 * LINK_MBPS);
            assertThat(controller.pathSwitches("10.0.1.1", "10.0.4.1")).as("leaf, spine, leaf").hasSize(3);
        }
    }
}
