package io.sluice.tests.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.Fabrics;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A host hears the controller's LLDP probes on its port. Sending one back (a replay), or a copy
 * rewritten to claim a spine's port (a forgery), never makes a link: the controller sees both
 * frames, rejects them for what they are, and the topology does not change.
 */
class ForgedLldpIT {
    private static final Path ATTACK = Path.of("lab", "lldp_attack.py").toAbsolutePath();

    @Test
    void replayedAndForgedProbesFromAHostNeverBecomeLinks() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            Set<String> before = Fabrics.directedLinks(controller.links());
            long forged = controller.lldp("FORGED");
            long looped = controller.lldp("LOOPED");

            // h1_1 claims to be spine 1, port 1.
            String out = fabric.onHost("h1_1", "/usr/bin/python3 " + ATTACK + " h1_1-eth0 0000000000000101 1");
            JsonNode result = new ObjectMapper().readTree(out.trim());
            assertThat(result.get("ok").asBoolean()).as(out).isTrue();

            Wait.until("the controller saw both frames and rejected them", Duration.ofSeconds(5),
                    () -> controller.lldp("FORGED") > forged && controller.lldp("LOOPED") > looped);
            ConnectPoint h1 = Fabrics.point("0000000000000201", fabric.hosts().stream()
                    .filter(h -> h.get("name").asText().equals("h1_1")).findFirst().orElseThrow().get("port").asLong());
            assertThat(Fabrics.anyLinkTouches(controller.links(), Set.of(h1))).isFalse();
            assertThat(Fabrics.directedLinks(controller.links())).isEqualTo(before);
        }
    }
}
