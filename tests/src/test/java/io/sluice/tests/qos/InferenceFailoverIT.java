package io.sluice.tests.qos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two one-way UDP streams, a packet every millisecond, from a host on leaf 1 to one on leaf 4 over
 * the same spine uplink: one the policy calls INFERENCE (a FAST_FAILOVER group in the leaf), one
 * BEST_EFFORT (a plain route, which the controller repairs). Taking the uplink down costs the
 * inference stream far fewer packets than the best-effort one.
 */
class InferenceFailoverIT {
    private static final Logger log = LoggerFactory.getLogger(InferenceFailoverIT.class);
    private static final String STREAM = "/usr/bin/python3 ../topologies/udp_stream.py";
    private static final int INFERENCE_PORT = 7000;
    private static final int BEST_EFFORT_PORT = 7001;
    private static final Pattern FAST_FAILOVER = Pattern.compile("fast_failover\\[(\\d+),");

    @Test
    void theSwitchRepairsInferenceBeforeTheControllerRepairsTheRest() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            ControllerUnderTest.Response added = controller.change("POST", "/api/v1/policy/rules", "application/json",
                    "{\"id\": \"udp-inference-probe\", \"priority\": 560, \"class\": \"INFERENCE\","
                            + " \"match\": {\"proto\": \"udp\", \"dstPorts\": \"" + INFERENCE_PORT + "\"}}");
            assertThat(added.status()).as("%s", added.body()).isBetween(200, 201);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);
            String dstMac = fabric.host("h4_1").get("mac").asText();
            Wait.until("leaf 1 classifies the probe and has an INFERENCE route to h4_1", Duration.ofSeconds(10),
                    () -> primaryUplink(controller, dstMac) > 0 && controller.flows(0x201).stream()
                            .anyMatch(f -> f.get("reason").asText().startsWith("policy rule udp-inference-probe")));
            long uplink = primaryUplink(controller, dstMac);
            String spine = fabric.peerOf("lf1", uplink);

            for (int port : new int[] {INFERENCE_PORT, BEST_EFFORT_PORT}) {
                fabric.onHost("h4_1", STREAM + " recv " + port + " --seconds 9 > /tmp/sluice-udp-" + port + ".json &");
            }
            Wait.until("receivers listen", Duration.ofSeconds(5), () -> fabric.onHost("h4_1", "ss -lun")
                    .contains(":" + INFERENCE_PORT) && fabric.onHost("h4_1", "ss -lun").contains(":" + BEST_EFFORT_PORT));
            for (int port : new int[] {INFERENCE_PORT, BEST_EFFORT_PORT}) {
                fabric.onHost("h1_1", STREAM + " send 10.0.4.1 " + port + " --seconds 6 >/dev/null &");
            }
            Thread.sleep(2_000); // mid-stream: the streams run 6 s, the cut comes after 2
            fabric.link("lf1", spine, false);

            JsonNode inference = result(fabric, INFERENCE_PORT);
            JsonNode bestEffort = result(fabric, BEST_EFFORT_PORT);
            log.info("uplink lf1-{} down: INFERENCE (fast failover) lost {} of {} packets (1 ms apart, gaps {}); "
                    + "BEST_EFFORT (controller reroute) lost {} of {} (gaps {})", spine,
                    inference.get("lost"), inference.get("highest").asLong() + 1, inference.get("gaps"),
                    bestEffort.get("lost"), bestEffort.get("highest").asLong() + 1, bestEffort.get("gaps"));
            assertThat(inference.get("highest").asLong()).as("the inference stream ran to its end").isGreaterThan(5_500);
            assertThat(bestEffort.get("highest").asLong()).as("the best-effort stream ran to its end").isGreaterThan(5_500);
            assertThat(bestEffort.get("lost").asLong()).as("the controller's reroute is not instant").isPositive();
            assertThat(inference.get("lost").asLong()).as("fast failover loses far less than a reroute")
                    .isLessThanOrEqualTo(bestEffort.get("lost").asLong() / 2);
        }
    }

    /** The first port of leaf 1's FAST_FAILOVER group toward {@code mac}, or 0 if there is none yet. */
    private static long primaryUplink(ControllerUnderTest controller, String mac) {
        for (JsonNode f : controller.flows(0x201)) {
            String match = f.get("match").asText();
            Matcher m = FAST_FAILOVER.matcher(f.get("instructions").asText());
            if (f.get("table").asInt() == 1 && match.contains("eth_dst=" + mac) && match.contains("ip_dscp") && m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return 0;
    }

    private static JsonNode result(MininetFabric fabric, int port) throws Exception {
        String file = "/tmp/sluice-udp-" + port + ".json";
        Wait.until("the receiver on port " + port + " reports", Duration.ofSeconds(20),
                () -> fabric.onHost("h4_1", "cat " + file + " 2>/dev/null").contains("received"));
        String out = fabric.onHost("h4_1", "cat " + file + "; rm -f " + file);
        return new ObjectMapper().readTree(out);
    }
}
