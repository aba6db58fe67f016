package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.tests.support.Commands;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ports added, taken down and deleted on a connected bridge show up in the API as they happen. */
class PortChangesIT {
    private static final long DPID = 0x51c0_0002L;
    private static final Duration BOUND = Duration.ofSeconds(5);
    private ControllerUnderTest controller;
    private OvsBridge bridge;

    @BeforeEach
    void connect() {
        controller = ControllerUnderTest.start();
        bridge = OvsBridge.create("slport", DPID, "OpenFlow13", controller.controllerTarget());
        bridge.addPort("a");
        Wait.until("the bridge is listed", BOUND, () -> port("slport-a").isPresent());
    }

    @AfterEach
    void disconnect() {
        bridge.close();
        controller.close();
    }

    private Optional<JsonNode> port(String name) {
        return controller.switchView(DPID).flatMap(sw -> StreamSupport.stream(sw.get("ports").spliterator(), false)
                .filter(p -> p.get("name").asText().equals(name)).findFirst());
    }

    @Test
    void aDeletedPortDisappears() {
        bridge.deletePort("slport-a");
        Wait.until("slport-a is gone from the switch", BOUND, () -> port("slport-a").isEmpty());
        assertThat(controller.switchView(DPID)).as("the switch itself stays").isPresent();
    }

    @Test
    void anAddedPortAppearsWithItsNumber() {
        String b = bridge.addPort("b");
        Wait.until("slport-b is listed", BOUND, () -> port(b).isPresent());
        assertThat(port(b).orElseThrow().get("number").asLong()).isEqualTo(bridge.ofPort(b));
    }

    @Test
    void aPortTakenDownAndUpIsReportedEachTime() {
        Wait.until("slport-a is up", BOUND, () -> port("slport-a").map(p -> p.get("linkUp").asBoolean()).orElse(false));
        Commands.run("ip", "link", "set", "slport-a", "down");
        Wait.until("slport-a is down", BOUND, () -> port("slport-a").map(p -> !p.get("linkUp").asBoolean()).orElse(false));
        Commands.run("ip", "link", "set", "slport-a", "up");
        Wait.until("slport-a is up again", BOUND,
                () -> port("slport-a").map(p -> p.get("linkUp").asBoolean()).orElse(false));
    }
}
