package io.sluice.tests.qos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Tcpdump;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP flow no policy rule matches (iperf3, port 5201) starts BEST_EFFORT, classified by the
 * controller on its first packet; at 10 Mbit/s it passes elephant thresholds of 2 MB, 1 s and
 * 5 Mbit/s after about 1.6 s, and within two polling intervals (1 s each) of that it is ARCHIVAL:
 * its rule at the edge is rewritten in place, and its DSCP on a spine port changes from 0 to 8.
 */
class ElephantIT {
    private static final Logger log = LoggerFactory.getLogger(ElephantIT.class);
    private static final long MIN_BYTES = 2_000_000;
    private static final double RATE_MBPS = 10;
    private static final double POLL_SECONDS = 1;

    @Test
    void aFlowThatTurnsIntoAnElephantIsReclassifiedAndRemarked() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            ObjectNode policy = (ObjectNode) controller.get("/api/v1/policy").body().get("policy").deepCopy();
            policy.putObject("behaviour").put("minBytes", MIN_BYTES).put("minDurationSeconds", 1)
                    .put("minRateMbps", 5).put("class", "ARCHIVAL");
            ControllerUnderTest.Response put = controller.change("PUT", "/api/v1/policy", "application/json",
                    policy.toString());
            assertThat(put.status()).as("%s", put.body()).isEqualTo(200);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);

            // In the host shell's background, not -D: a daemon would outlive the fabric's teardown.
            fabric.onHost("h4_1", "iperf3 -s -p 5201 >/dev/null 2>&1 &");
            Wait.until("iperf3 listens on h4_1", Duration.ofSeconds(10),
                    () -> fabric.onHost("h4_1", "ss -ltn sport = :5201").contains("5201"));
            List<Tcpdump> captures = List.of(
                    Tcpdump.start("sp1-eth" + fabric.portToward("sp1", "lf4"), "src host 10.0.3.1 and tcp dst port 5201"),
                    Tcpdump.start("sp2-eth" + fabric.portToward("sp2", "lf4"), "src host 10.0.3.1 and tcp dst port 5201"));
            fabric.onHost("h3_1", "iperf3 -c 10.0.4.1 -p 5201 -b " + (int) RATE_MBPS + "M -t 6 > /tmp/sluice-elephant.txt 2>&1 &");

            AtomicReference<JsonNode> elephant = new AtomicReference<>();
            Wait.until("the iperf3 data flow is ARCHIVAL", Duration.ofSeconds(10), () -> {
                Optional<JsonNode> f = iperfData(controller).filter(n -> n.get("class").asText().equals("ARCHIVAL"));
                f.ifPresent(elephant::set);
                return f.isPresent();
            });
            // Meanwhile link statistics see it: on the link it takes into leaf 4, ARCHIVAL at about its rate.
            String path = elephant.get().get("path").toString();
            assertThat(elephant.get().get("path")).as("the flow's switches: %s", path).hasSize(3);
            String spine = elephant.get().get("path").get(1).asText();
            Wait.until("ARCHIVAL traffic on " + spine + " toward leaf 4 in /api/v1/stats/links", Duration.ofSeconds(5),
                    () -> archivalTowardLeaf4(controller, spine) > 5_000_000);
            fabric.onHost("h3_1", "wait");
            StringBuilder seen = new StringBuilder();
            for (Tcpdump c : captures) {
                seen.append(c.stop());
            }

            JsonNode f = elephant.get();
            double took = Duration.between(Instant.parse(f.get("since").asText()),
                    Instant.parse(f.get("classifiedAt").asText())).toMillis() / 1000.0;
            double crossing = Math.max(1.0, MIN_BYTES * 8 / (RATE_MBPS * 1e6));
            log.info("elephant: flow #{} {}:{} -> {}:{} BEST_EFFORT -> ARCHIVAL {} s after its first packet (thresholds "
                    + "passed after about {} s; polling every {} s): {}", f.get("id"), f.get("src").asText(),
                    f.get("srcPort"), f.get("dst").asText(), f.get("dstPort"), took, crossing, POLL_SECONDS,
                    f.get("reason").asText());
            assertThat(f.get("basis").asText()).isEqualTo("BEHAVIOUR");
            assertThat(took).as("reclassified within two polling intervals of passing the thresholds")
                    .isLessThanOrEqualTo(crossing + 2 * POLL_SECONDS);

            // Only the data connection's packets (its own source port), in order; a flow keeps to one spine.
            List<Integer> dscps = Tcpdump.dscps(seen.toString(), "10.0.3.1." + f.get("srcPort").asInt());
            assertThat(dscps).as("DSCP of the data flow on the spine ports toward leaf 4, in order").contains(0, 8);
            assertThat(dscps.subList(dscps.indexOf(8), dscps.size())).as("once ARCHIVAL, it stays ARCHIVAL").containsOnly(8);

            JsonNode explained = controller.get("/api/v1/flows/" + f.get("id").asLong()).body();
            assertThat(explained.get("path").get(0).get("rules").get(0).get("reason").asText())
                    .as("the edge rule of the flow, as rewritten").contains("ARCHIVAL");
            assertThat(explained.get("path")).hasSize(3).allSatisfy(hop -> assertThat(hop.get("rules").toString())
                    .as("every switch sends it through the ARCHIVAL queue").contains("set_queue:4"));
        }
    }

    /** ARCHIVAL bits per second on the link from {@code spine} to leaf 4, as the controller measured it. */
    private static long archivalTowardLeaf4(ControllerUnderTest controller, String spine) {
        for (JsonNode l : controller.get("/api/v1/stats/links").body().get("links")) {
            if (l.get("src").asText().startsWith(spine + "/") && l.get("dst").asText().startsWith("of:0000000000000204/")) {
                return l.get("byClassBps").get("ARCHIVAL").asLong();
            }
        }
        return 0;
    }

    /** The iperf3 data connection: the flow to port 5201 with the most bytes. */
    private static Optional<JsonNode> iperfData(ControllerUnderTest controller) {
        JsonNode best = null;
        for (JsonNode f : controller.get("/api/v1/flows").body().get("flows")) {
            if (f.get("dstPort").asInt() == 5201 && f.get("src").asText().equals("10.0.3.1")
                    && (best == null || f.get("bytes").asLong() > best.get("bytes").asLong())) {
                best = f;
            }
        }
        return Optional.ofNullable(best);
    }
}
