package io.sluice.tests.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.Fabrics;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One ping from each host of a 2x4x2 leaf-spine (nothing forwards yet: it is the ping's ARP
 * request that reaches the controller) and every host is listed with its switch, port, MAC and IP.
 */
class HostDiscoveryIT {
    @Test
    void everyHostIsFoundFromItsArpWhereItReallyIs() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known (so host ports are known to be edges)", Duration.ofSeconds(30),
                    () -> controller.links().size() == 16);
            for (JsonNode h : fabric.hosts()) {
                // Somebody else's address, so the host has to ARP for it; in the background, nobody answers yet.
                String other = h.get("ip").asText().equals("10.0.1.1") ? "10.0.2.1" : "10.0.1.1";
                fabric.onHost(h.get("name").asText(), "ping -c1 -W1 " + other + " >/dev/null 2>&1 &");
            }
            // A host may be seen first by a frame that carries no address, and get its address from its ARP
            // a moment later: wait for both.
            Wait.until("all 8 hosts are listed with an address", Duration.ofSeconds(10), () -> controller.hosts().size() == 8
                    && controller.hosts().stream().allMatch(h -> h.get("ips").size() > 0));

            Map<String, JsonNode> listed = controller.hosts().stream()
                    .collect(Collectors.toMap(h -> h.get("mac").asText(), Function.identity()));
            for (JsonNode expected : fabric.hosts()) {
                JsonNode h = listed.get(expected.get("mac").asText());
                assertThat(h).as(expected.get("name").asText()).isNotNull();
                assertThat(Fabrics.point(h.get("location")))
                        .isEqualTo(Fabrics.point(expected.get("switch").asText(), expected.get("port").asLong()));
                assertThat(h.get("ips")).extracting(JsonNode::asText).containsExactly(expected.get("ip").asText());
                assertThat(h.get("vlan").asInt()).isZero();
            }
            assertThat(controller.get("/api/v1/hosts/10.0.3.2").body().get("hosts").get(0).get("mac").asText())
                    .isEqualTo("02:00:00:00:03:02");
        }
    }
}
