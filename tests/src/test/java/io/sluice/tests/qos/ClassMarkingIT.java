package io.sluice.tests.qos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Tcpdump;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Under the default policy, three connections from a host on leaf 3 to one on leaf 4 (Triton's
 * gRPC port, PyTorch's rendezvous port, rsync's port) leave leaf 3 marked INFERENCE (DSCP 34),
 * TRAINING (26) and ARCHIVAL (8), as captured by tcpdump on both spines' ports toward leaf 4; and
 * every switch on the way routes each class with its queue.
 */
class ClassMarkingIT {
    private static final Pattern SYN = Pattern.compile(
            "tos 0x([0-9a-f]+),[^\\n]*\\n\\s+10\\.0\\.3\\.1\\.\\d+ > 10\\.0\\.4\\.1\\.(\\d+): Flags \\[S\\]");
    private static final Map<Integer, Integer> DSCP_BY_PORT = Map.of(8001, 34, 29500, 26, 873, 8);
    private static final Map<Integer, String> QUEUE_BY_DSCP = Map.of(34, "set_queue:1", 26, "set_queue:2", 8, "set_queue:4");

    @Test
    void eachClassIsMarkedOnTheWireAndQueuedOnEverySwitch() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);

            List<Tcpdump> captures = new ArrayList<>();
            for (String spine : List.of("sp1", "sp2")) {
                captures.add(Tcpdump.start(spine + "-eth" + fabric.portToward(spine, "lf4"),
                        "tcp and dst host 10.0.4.1 and tcp[tcpflags] & tcp-syn != 0"));
            }
            for (int port : DSCP_BY_PORT.keySet()) {
                // Nothing listens: the SYN goes out, a RST comes back; one connection attempt each.
                fabric.onHost("h3_1", "timeout 2 bash -c 'exec 3<>/dev/tcp/10.0.4.1/" + port + "' 2>/dev/null");
            }
            Map<Integer, Integer> seen = new HashMap<>();
            StringBuilder raw = new StringBuilder();
            for (Tcpdump c : captures) {
                String text = c.stop();
                raw.append(text);
                seen.putAll(dscpByPort(text));
            }
            assertThat(seen).as("DSCP of each SYN toward leaf 4, by destination port; tcpdump said:%n%s", raw)
                    .isEqualTo(DSCP_BY_PORT);

            String mac = fabric.host("h4_1").get("mac").asText();
            for (long dpid : new long[] {0x203, 0x101, 0x102, 0x204}) {
                List<JsonNode> routes = controller.flows(dpid).stream().filter(f -> f.get("table").asInt() == 1
                        && f.get("match").asText().contains("eth_dst=" + mac)).toList();
                QUEUE_BY_DSCP.forEach((dscp, queue) -> assertThat(routes)
                        .as("switch %x routes DSCP %d to h4_1 with %s", dpid, dscp, queue)
                        .anyMatch(f -> f.get("reason").asText().contains("(DSCP " + dscp + ")")
                                && f.get("instructions").asText().contains(queue)));
            }
        }
    }

    /** The DSCP of each SYN in tcpdump's verbose output, by destination port. */
    private static Map<Integer, Integer> dscpByPort(String tcpdump) {
        Map<Integer, Integer> out = new HashMap<>();
        Matcher m = SYN.matcher(tcpdump);
        while (m.find()) {
            out.put(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1), 16) >> 2);
        }
        return out;
    }
}
