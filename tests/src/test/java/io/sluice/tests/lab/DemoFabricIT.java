package io.sluice.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.Commands;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The demo's Mininet fabric (what `./sluice demo` runs) against a real controller: every switch is
 * seen, every host reaches every other, and afterwards nothing of the fabric is left on the machine.
 */
class DemoFabricIT {
    private static final Path SCRIPT = Path.of("..", "topologies", "demo_fabric.py");
    private static final List<String> SWITCHES = List.of("sp1", "sp2", "lf1", "lf2");

    @Test
    void everySwitchIsSeenAndTheFabricLeavesNothingBehind() {
        OvsBridge.requireOvs();
        assertThat(Files.exists(SCRIPT)).as(SCRIPT + " exists").isTrue();
        assertThat(bridges()).as("no demo bridges before the run").doesNotContainAnyElementsOf(SWITCHES);
        try (ControllerUnderTest controller = ControllerUnderTest.start()) {
            // The script gives up on the controller after 20 s and still tears down; the limit
            // here only catches a script that hangs, and even then TERM lets it clean up.
            Commands.Result run = Commands.tryRun(Duration.ofSeconds(90), "/usr/bin/python3", SCRIPT.toString(),
                    "--api", "http://127.0.0.1:" + controller.httpPort(), "--of-port",
                    String.valueOf(controller.openFlowPort()), "--timeout", "20");

            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("Sluice sees all 4 switches")
                    .contains("of:0000000000000101").contains("of:0000000000000102")
                    .contains("of:0000000000000201").contains("of:0000000000000202")
                    .contains("pingall: 0.0% lost").contains("path h1_1 -> h2_2: of:0000000000000201 (in 3, out");
        }
        assertThat(bridges()).doesNotContainAnyElementsOf(SWITCHES);
        String links = Commands.run("ip", "-o", "link", "show");
        assertThat(links).doesNotContain("lf1-eth").doesNotContain("sp1-eth").doesNotContain("h1_1-eth");
        assertThat(Commands.run("ps", "-eo", "args")).doesNotContain("mininet:h1_1").doesNotContain("mininet:lf1");
    }

    private static List<String> bridges() {
        return Arrays.stream(Commands.run("ovs-vsctl", "list-br").split("\n")).map(String::trim).toList();
    }
}
