package io.sluice.tests.qos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Ping;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A policy of 1,000 extra rules goes in, then a change of every one of them (their class), while
 * a ping every 10 ms runs between hosts on leaves 1 and 4 that none of the rules match: the ping
 * loses nothing, and the change rewrites exactly the entries of the changed rules, in place.
 */
class PolicyChurnIT {
    private static final Logger log = LoggerFactory.getLogger(PolicyChurnIT.class);
    private static final int RULES = 1_000;
    private static final int EDGE_PORTS = 8; // 4 leaves x 2 hosts

    @Test
    void rewritingAThousandRulesUnderTrafficLosesNothing() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);

            JsonNode installed = apply(controller, "ARCHIVAL");
            assertThat(installed.get("ruleWrites").asInt()).as("%s", installed).isGreaterThanOrEqualTo(RULES * EDGE_PORTS);

            AtomicReference<JsonNode> rewrite = new AtomicReference<>();
            Ping ping = fabric.pingDuring("h1_1", "10.0.4.1", 1_000, () -> rewrite.set(apply(controller, "TRAINING")));
            log.info("policy change of {} rules under a 10 ms ping: {} entries rewritten on {} switches, event to last "
                    + "barrier {} ms; ping {}", RULES, rewrite.get().get("ruleWrites"), rewrite.get().get("switches"),
                    rewrite.get().get("eventToLastBarrierMillis"), ping);
            assertThat(rewrite.get().get("ruleWrites").asInt()).as("one in-place rewrite per rule per edge port: %s",
                    rewrite.get()).isEqualTo(RULES * EDGE_PORTS);
            assertThat(ping.transmitted()).isEqualTo(1_000);
            assertThat(ping.lost()).as("pings lost while %d rules were rewritten: %s", RULES, ping).isZero();
            assertThat(controller.flows(0x201)).as("leaf 1 marks the changed rules' traffic TRAINING now")
                    .anyMatch(f -> f.get("reason").asText().equals("policy rule churn-999: TRAINING"));
        }
    }

    /**
     * Puts in force the default policy plus {@value #RULES} rules (TCP to ports 20000-20999) of
     * {@code trafficClass}, and waits for the routing run it caused; returns that run.
     */
    private static JsonNode apply(ControllerUnderTest controller, String trafficClass) {
        ObjectNode policy = (ObjectNode) controller.get("/api/v1/policy").body().get("policy").deepCopy();
        ArrayNode rules = (ArrayNode) policy.get("rules");
        rules.removeIf(r -> r.get("id").asText().startsWith("churn-"));
        for (int i = 0; i < RULES; i++) {
            ObjectNode r = rules.addObject().put("id", "churn-" + i).put("priority", 300).put("class", trafficClass);
            r.putObject("match").put("proto", "tcp").put("dstPorts", Integer.toString(20_000 + i));
        }
        ControllerUnderTest.Response put = controller.change("PUT", "/api/v1/policy", "application/json", policy.toString());
        assertThat(put.status()).as("%s", put.body()).isEqualTo(200);
        String trigger = "policy v" + put.body().get("version").asLong();
        AtomicReference<JsonNode> run = new AtomicReference<>();
        Wait.until("the routing run after " + trigger, Duration.ofSeconds(60), () -> {
            for (JsonNode r : controller.get("/api/v1/routing").body().get("recentRuns")) {
                // A run names the changes it took in ("a + b (+2 more)"): others may ride along with ours.
                List<String> changes = List.of(r.get("trigger").asText().replaceAll(" \\(\\+\\d+ more\\)$", "").split(" \\+ "));
                if (changes.contains(trigger) && r.get("complete").asBoolean()) {
                    run.set(r);
                    return true;
                }
            }
            return false;
        });
        return run.get();
    }
}
