package io.sluice.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.compare.Contender;
import io.sluice.bench.compare.ControllerProcess;
import io.sluice.bench.compare.OsKenContender;
import io.sluice.bench.compare.TestControllerContender;
import io.sluice.bench.emulator.EmulatorMain;
import io.sluice.bench.emulator.EmulatorModes;
import io.sluice.bench.emulator.EmulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The comparison's peers, real ones from Debian (ovs-testcontroller and os-ken with the project's
 * learning-switch app), each started as {@code ./sluice bench compare} starts it and measured by the
 * emulator on a 16-switch leaf-spine: every peer answers new-flow packet-ins, with the replies per
 * packet-in the report attributes to it, and pushes the rules it is asked to; os-ken also discovers
 * every link by LLDP. Counts are asserted, not speeds.
 */
class PeerControllersIT {
    private static final Logger log = LoggerFactory.getLogger(PeerControllersIT.class);
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String FABRIC = "--spines 4 --leaves 12 --hosts-per-leaf 2 --rest none --timeout 30";

    private static EmulatorModes.Result run(Contender c, String mode, String extra) throws Exception {
        Path dir = Files.createTempDirectory("peer-" + c.name());
        try (ControllerProcess p = c.start(mode, dir, 20)) {
            String args = mode + " " + FABRIC + " --controller 127.0.0.1:" + c.port() + " " + extra;
            EmulatorModes.Result r = EmulatorMain.run(EmulatorOptions.parse(args.trim().split(" +")));
            log.info("{}: {}", c.name(), r.line());
            assertThat(p.alive()).as(c.name() + " still running after the run").isTrue();
            return r;
        }
    }

    @Test
    void ovsTestControllerSetsUpFlowsAndPushesItsRules() throws Exception {
        Contender tc = new TestControllerContender();
        assertThat(tc.unsupported("latency")).as("ovs-testcontroller installed (./sluice test installs it)").isEmpty();

        EmulatorModes.Result latency = run(tc, "latency", "--seconds 2 --warmup 1");
        assertThat(latency.json().get("answers").asLong()).isPositive();
        assertThat(latency.json().get("abandoned").asLong()).isZero();
        // A learning switch that knows the destination: one FLOW_MOD and one PACKET_OUT per packet-in.
        JsonNode per = latency.json().get("perPacketIn");
        assertThat(per.get("flowMods").asDouble()).isBetween(0.95, 1.05);
        assertThat(per.get("packetOuts").asDouble()).isBetween(0.95, 1.05);

        EmulatorModes.Result pushed = run(tc, "flowmods", "--rules 20 --expect-flowmods " + 16 * 20 + " --quiet-ms 1000");
        assertThat(pushed.complete()).isTrue();
        assertThat(pushed.json().get("ruleEntriesHeld").asLong()).isEqualTo(16 * 20);
        assertThat(tc.unsupported("discovery")).isPresent();
    }

    @Test
    void osKenAnswersEachPacketInOnceDiscoversEveryLinkAndPushesItsRules() throws Exception {
        Contender osken = new OsKenContender(ROOT.resolve("bench/peers/osken_learning_switch.py"));
        assertThat(osken.unsupported("latency")).as("os-ken installed (./sluice test installs it)").isEmpty();

        EmulatorModes.Result latency = run(osken, "latency", "--seconds 2 --warmup 1");
        assertThat(latency.json().get("answers").asLong()).isPositive();
        JsonNode per = latency.json().get("perPacketIn");
        assertThat(per.get("packetOuts").asDouble()).isBetween(0.95, 1.05);
        assertThat(per.get("flowMods").asDouble()).isZero();

        EmulatorModes.Result found = run(osken, "discovery", "");
        assertThat(found.complete()).isTrue();
        assertThat(found.json().get("linksProbed").asInt()).isEqualTo(96);

        EmulatorModes.Result pushed = run(osken, "flowmods", "--rules 20 --expect-flowmods " + 16 * 21 + " --quiet-ms 1000");
        assertThat(pushed.complete()).isTrue();
        assertThat(pushed.json().get("ruleEntriesHeld").asLong()).isEqualTo(16 * 20);
    }
}
