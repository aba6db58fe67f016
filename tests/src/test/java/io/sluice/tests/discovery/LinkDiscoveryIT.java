package io.sluice.tests.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.Fabrics;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Mininet leaf-spine, 2 spines x 4 leaves x 2 hosts: every cable is found in both directions
 * within 3 s of the last switch connecting, with its capacity, and no link is ever reported on a
 * port that a host hangs off.
 */
class LinkDiscoveryIT {
    private static ControllerUnderTest controller;
    private static MininetFabric fabric;
    private static Instant lastSwitchConnected;
    private static Instant allLinksReported;

    @BeforeAll
    static void start() {
        controller = ControllerUnderTest.start();
        fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort());
        Wait.until("all 6 switches are connected", Duration.ofSeconds(30), () -> controller.switches().size() == 6);
        lastSwitchConnected = controller.switches().stream()
                .map(s -> Instant.parse(s.get("connectedSince").asText())).max(Instant::compareTo).orElseThrow();
        Wait.until("16 directed links are reported", Duration.ofSeconds(15), () -> controller.links().size() == 16);
        allLinksReported = Instant.now();
    }

    @AfterAll
    static void stop() {
        if (fabric != null) {
            fabric.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void everyCableIsFoundBothWaysWithin3SecondsOfTheLastSwitch() {
        Duration took = Duration.between(lastSwitchConnected, allLinksReported);
        assertThat(took).as("from the last switch connecting to all 16 links").isLessThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(Fabrics.directedLinks(controller.links())).isEqualTo(Fabrics.expectedLinks(fabric));
    }

    @Test
    void theSixteenLinksAreEightCablesWithTheirCapacity() {
        List<JsonNode> links = controller.links();
        Set<Set<ConnectPoint>> cables = new HashSet<>();
        links.forEach(l -> cables.add(Set.of(Fabrics.point(l.get("src")), Fabrics.point(l.get("dst")))));
        assertThat(cables).hasSize(8);
        // Mininet's veth pairs report 10 Gbit/s to Open vSwitch.
        assertThat(links).allSatisfy(l -> assertThat(l.get("capacityBps").asLong()).isEqualTo(10_000_000_000L));
    }

    @Test
    void noLinkIsEverReportedOnAHostPort() {
        Set<ConnectPoint> hostPorts = Fabrics.hostPorts(fabric);
        assertThat(hostPorts).hasSize(8);
        long sentBefore = controller.lldp("probesSent");
        // Two full probe rounds of every port of every switch (6 switches, 16 + 8 ports).
        Wait.until("two more probe rounds went out", Duration.ofSeconds(15), () -> {
            assertThat(Fabrics.anyLinkTouches(controller.links(), hostPorts)).as("a link on a host port").isFalse();
            return controller.lldp("probesSent") >= sentBefore + 2 * 24;
        });
        assertThat(controller.lldp("FORGED") + controller.lldp("REPLAYED")).isZero();
    }
}
