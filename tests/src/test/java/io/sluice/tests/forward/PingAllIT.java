package io.sluice.tests.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Ping;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * On a looped leaf-spine (2 spines, 4 leaves, 2 hosts each) every host reaches every other host,
 * and the controller sees packet-ins for what the hosts learn (ARP, their first frames), not for
 * the packets they send: a second full mesh of pings and a 20,000-packet flood ping cost no more.
 *
 * <p>Hosts also send multicast of their own (IPv6 router solicitations, MLD reports) for a while
 * after they start, whatever the test does; the controller floods each such frame to edge ports
 * once. Those first floods are counted apart: they depend on time, not on the traffic measured.
 * A frame that came back round a loop would be counted (as a repeat) and fail the bound.
 */
class PingAllIT {
    private static final int HOSTS = 8;

    /** Packet-ins other than discovery probes and the one flood of each of a host's own multicast frames. */
    private static long packetIns(ControllerUnderTest controller) {
        return controller.packetInsOtherThanProbes() - controller.frames("flooded");
    }

    @Test
    void everyHostReachesEveryHostWithPacketInsBoundedByHostsNotPackets() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);

            long before = packetIns(controller);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).as("first pingall loss %").isEqualTo(0.0);
            long first = packetIns(controller) - before;
            assertThat(controller.hosts()).hasSize(HOSTS);

            long again = packetIns(controller);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).as("second pingall loss %").isEqualTo(0.0);
            Ping burst = Ping.parse(fabric.onHost("h1_1", "ping -q -f -c 20000 10.0.4.2"));
            long second = packetIns(controller) - again;

            assertThat(burst.lost()).as("flood ping of 20,000 across the fabric: %s", burst).isLessThanOrEqualTo(20);
            // Learning costs at most an ARP request and its reply per ordered pair of hosts, plus a
            // few unicast frames per host: it grows with hosts squared, whatever the traffic.
            long bound = 2L * HOSTS * (HOSTS - 1) + 2L * HOSTS;
            assertThat(first).as("packet-ins while %d hosts learn each other", HOSTS).isLessThanOrEqualTo(bound);
            // Once learnt, a second pingall and 20,000 more pings (40,112 packets) are forwarded by the
            // switches; what reaches the controller is the hosts re-checking their ARP caches, which
            // the same bound covers.
            assertThat(second).as("packet-ins for a second pingall and a 20,000-packet flood ping")
                    .isLessThanOrEqualTo(bound);
        }
    }
}
