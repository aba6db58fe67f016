package io.sluice.tests.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.ControllerUnderTest.Response;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the REST API says about forwarding matches the switches: a leaf's flow table, read back from
 * Open vSwitch, holds one route per host and one default per port, each with its reason; a path
 * names the ports it uses; a leaf cut off from every spine has no path, and says why.
 */
class FlowsAndPathsIT {
    private static final String LEAF1 = "0000000000000201";

    @Test
    void flowTablesAndPathsAreReadBackWithTheirReasons() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);
            Wait.until("a route to every host on leaf 1", Duration.ofSeconds(5), () -> routes(controller).size() == 8);

            List<JsonNode> flows = flows(controller);
            // The default policy: one catch-all per host (unmarked or unknown DSCP: BEST_EFFORT, queue 3) ...
            assertThat(routes(controller)).allSatisfy(f -> {
                assertThat(f.get("table").asInt()).isEqualTo(1);
                assertThat(f.get("match").asText()).contains("eth_dst=");
                assertThat(f.get("instructions").asText()).startsWith("set_queue:3,output:");
                assertThat(f.get("reason").asText()).startsWith("route to host 02:00:00:00:");
            });
            // ... and a route per class: toward a host on another leaf, INFERENCE fails over between the
            // two spine uplinks in the switch and TRAINING spreads over both.
            String toH42 = "eth_dst=02:00:00:00:04:02";
            String uplink = routes(controller).stream().filter(f -> f.get("match").asText().contains(toH42)).findFirst()
                    .orElseThrow().get("instructions").asText().replace("set_queue:3,output:", "");
            String other = uplink.equals("1") ? "2" : "1";
            // With no load measured, ARCHIVAL's least-utilised path is the route tree's uplink.
            assertThat(classRoutes(flows, toH42)).extracting(f -> f.get("instructions").asText())
                    .containsExactlyInAnyOrder("set_queue:0,output:" + uplink, "set_queue:4,output:" + uplink,
                            "set_queue:2,group:select[1,2]", "set_queue:1,group:fast_failover[" + uplink + "," + other + "]");
            // Fabric ports trust the marking made at the ingress edge; edge ports classify by the policy.
            assertThat(flows).filteredOn(f -> f.get("origin").asText().equals("routing") && f.get("table").asInt() == 0
                            && f.get("instructions").asText().equals("goto_table:1"))
                    .extracting(f -> f.get("match").asText())
                    .containsExactlyInAnyOrder("in_port=1", "in_port=2", "in_port=3", "in_port=4");
            assertThat(flows).filteredOn(f -> f.get("table").asInt() == 0 && f.get("match").asText().startsWith("in_port=3,"))
                    .extracting(f -> f.get("reason").asText())
                    .contains("policy rule triton: INFERENCE", "policy rule rsync: ARCHIVAL",
                            "edge port 3: unclassified IPv4, to the controller to classify per flow");
            assertThat(flows).filteredOn(f -> f.get("origin").asText().equals("base-pipeline")).hasSize(4)
                    .allSatisfy(f -> assertThat(f.get("reason").asText()).startsWith("base pipeline:"));
            assertThat(flows).noneMatch(f -> f.get("origin").asText().equals("other"));

            JsonNode path = controller.get("/api/v1/paths?src=10.0.1.1&dst=02:00:00:00:04:02").body();
            assertThat(path.get("reachable").asBoolean()).isTrue();
            assertThat(path.get("hops")).hasSize(3);
            assertThat(path.get("hops").get(0).get("inPort").asLong()).isEqualTo(fabric.host("h1_1").get("port").asLong());
            assertThat(path.get("hops").get(2).get("outPort").asLong()).isEqualTo(fabric.host("h4_2").get("port").asLong());

            assertError(controller.get("/api/v1/paths?src=10.0.1.1&dst=10.9.9.9"), 404, "dst: no host with IPv4 address 10.9.9.9");
            assertError(controller.get("/api/v1/paths?src=nonsense&dst=10.0.4.1"), 400, "src: want a MAC address");
            assertError(controller.get("/api/v1/paths?dst=10.0.4.1"), 400, "src: required");
            assertError(controller.get("/api/v1/switches/0000000000000999/flows"), 404, "no connected switch");
            assertError(controller.get("/api/v1/switches/xyz/flows"), 400, "dpid:");

            fabric.link("lf4", "sp1", false);
            fabric.link("lf4", "sp2", false);
            Wait.until("leaf 4 is cut off", Duration.ofSeconds(5), () -> controller.links().size() == 12);
            // The path reflects the routes installed, so it changes once the routes have.
            Wait.until("no path to leaf 4", Duration.ofSeconds(5),
                    () -> !controller.get("/api/v1/paths?src=10.0.1.1&dst=10.0.4.1").body().get("reachable").asBoolean());
            JsonNode none = controller.get("/api/v1/paths?src=10.0.1.1&dst=10.0.4.1").body();
            assertThat(none.get("reason").asText()).contains("no chain of links");
        }
    }

    private static List<JsonNode> flows(ControllerUnderTest controller) {
        Response r = controller.get("/api/v1/switches/" + LEAF1 + "/flows");
        assertThat(r.status()).as("flows: %s", r.body()).isEqualTo(200);
        List<JsonNode> out = new ArrayList<>();
        r.body().get("flows").forEach(out::add);
        return out;
    }

    private static List<JsonNode> routes(ControllerUnderTest controller) {
        return flows(controller).stream().filter(f -> f.get("origin").asText().equals("routing") && f.get("table").asInt() == 1
                && !f.get("match").asText().contains("ip_dscp")).toList();
    }

    /** Table-1 routes for one class (they match a DSCP) toward one host. */
    private static List<JsonNode> classRoutes(List<JsonNode> flows, String toHost) {
        return flows.stream().filter(f -> f.get("table").asInt() == 1 && f.get("match").asText().contains(toHost)
                && f.get("match").asText().contains("ip_dscp")).toList();
    }

    private static void assertError(Response r, int status, String message) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(status);
        assertThat(r.body().get("message").asText()).contains(message);
    }
}
