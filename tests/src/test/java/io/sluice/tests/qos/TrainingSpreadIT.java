package io.sluice.tests.qos;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.Commands;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TRAINING flows (TCP between the default policy's GPU trainers, as NCCL over TCP runs) between the
 * same two hosts on leaves 1 and 2, differing only in source port, go through different spines, as
 * the spines' port counters show: leaf 1's SELECT group hashes each flow onto one uplink, and each
 * flow stays on it. TCP, because Open vSwitch's default select hash (symmetric L3/L4) leaves UDP
 * ports out, so RoCEv2's UDP flows between one pair of hosts all take one bucket there.
 */
class TrainingSpreadIT {
    private static final Logger log = LoggerFactory.getLogger(TrainingSpreadIT.class);
    private static final int BYTES = 2_000_000;
    private static final Pattern TX = Pattern.compile("tx pkts=\\d+, bytes=(\\d+)");

    @Test
    void flowsThatDifferInSourcePortSpreadOverTheSpinesAndEachKeepsItsOwn() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);
            String mac = fabric.host("h2_1").get("mac").asText();
            Wait.until("leaf 1 spreads TRAINING toward h2_1", Duration.ofSeconds(10), () -> controller.flows(0x201).stream()
                    .anyMatch(f -> f.get("match").asText().contains("eth_dst=" + mac)
                            && f.get("instructions").asText().contains("group:select[1,2]")));

            // In the host shell's background, not -D: a daemon would outlive the fabric's teardown.
            fabric.onHost("h2_1", "iperf3 -s -p 5201 >/dev/null 2>&1 &");
            Wait.until("iperf3 listens on h2_1", Duration.ofSeconds(10),
                    () -> fabric.onHost("h2_1", "ss -ltn sport = :5201").contains("5201"));
            Map<Integer, String> spineOf = new HashMap<>();
            long[] toLeaf2 = {fabric.portToward("sp1", "lf2"), fabric.portToward("sp2", "lf2")};
            for (int sport = 41000; sport < 41016 && !spineOf.values().containsAll(List.of("sp1", "sp2")); sport++) {
                Map<String, Long> before = txTowardLeaf2(toLeaf2);
                String out = fabric.onHost("h1_1", "iperf3 -c 10.0.2.1 -p 5201 --cport " + sport + " -n " + BYTES);
                assertThat(out).as("iperf3 from source port %d", sport).contains("sender");
                Map<String, Long> after = txTowardLeaf2(toLeaf2);
                long sp1 = after.get("sp1") - before.get("sp1");
                long sp2 = after.get("sp2") - before.get("sp2");
                log.info("TRAINING flow from source port {}: {} byte(s) via sp1, {} via sp2", sport, sp1, sp2);
                // Each flow keeps one spine: all of its data on one; on the other at most iperf3's control
                // connection (another source port, a few dozen packets) and a stray LLDP.
                // (Counters lag a little behind the wire: at least a quarter of the flow must show.)
                assertThat(Math.max(sp1, sp2)).as("flow %d: sp1 %d, sp2 %d", sport, sp1, sp2).isGreaterThanOrEqualTo(BYTES / 4);
                assertThat(Math.min(sp1, sp2)).as("flow %d: sp1 %d, sp2 %d", sport, sp1, sp2).isLessThan(BYTES / 40);
                spineOf.put(sport, sp1 > sp2 ? "sp1" : "sp2");
            }
            assertThat(spineOf.values()).as("spine of each flow, by source port: %s", spineOf).contains("sp1", "sp2");
        }
    }

    /** Bytes each spine has sent to leaf 2 (on {@code ports}, sp1's then sp2's), from its OpenFlow port counters. */
    private static Map<String, Long> txTowardLeaf2(long[] ports) {
        Map<String, Long> out = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            String spine = "sp" + (i + 1);
            String dump = Commands.run("ovs-ofctl", "-O", "OpenFlow13", "dump-ports", spine, Long.toString(ports[i]));
            Matcher m = TX.matcher(dump.replace("\n", " "));
            assertThat(m.find()).as("port counters of %s: %s", spine, dump).isTrue();
            out.put(spine, Long.parseLong(m.group(1)));
        }
        return out;
    }
}
