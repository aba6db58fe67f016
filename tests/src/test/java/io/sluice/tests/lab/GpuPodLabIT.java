package io.sluice.tests.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.tests.support.Commands;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab experiment of `./sluice demo`, shortened (3 s warm-up, 8 s per phase), on a real Mininet
 * GPU pod against a real controller. Asserts the direction of every result with margins that noise
 * on this machine does not flip (the full-length numbers are in docs/benchmarks.md): bulk starves
 * inference with QoS off and does not with QoS on, bulk fills the bottleneck when alone, archival
 * yields to training but keeps its minimum; and the run leaves nothing behind.
 */
class GpuPodLabIT {
    private static final Path SCRIPT = Path.of("..", "topologies", "gpu_pod_lab.py");
    private static final List<String> SWITCHES = List.of("sp1", "lf1", "lf2");
    private static final double LINK_MBPS = 100;
    @TempDir
    Path results;

    @Test
    void qosOnKeepsInferenceFastUnderBulkThatStarvesItWithQosOff() throws IOException {
        OvsBridge.requireOvs();
        assertThat(bridges()).as("no pod bridges before the run").doesNotContainAnyElementsOf(SWITCHES);
        JsonNode r;
        try (ControllerUnderTest controller = ControllerUnderTest.start()) {
            Commands.Result run = Commands.tryRun(Duration.ofSeconds(300), "/usr/bin/python3", SCRIPT.toString(),
                    "--api", "http://127.0.0.1:" + controller.httpPort(), "--of-port",
                    String.valueOf(controller.openFlowPort()), "--token", ControllerUnderTest.POLICY_TOKEN,
                    "--java-classpath", System.getProperty("java.class.path"), "--warmup", "3", "--seconds", "8",
                    "--link-mbps", String.valueOf((int) LINK_MBPS), "--results", results.toString());
            assertThat(run.exitCode()).as(run.output()).isZero();
            assertThat(run.output()).contains("| d: everything, QoS on |").contains("Results: " + results);
            // The lab switched classification off for phase c and back on at the end.
            assertThat(controller.get("/api/v1/qos/classification").body().get("classify").asBoolean()).isTrue();
            r = new ObjectMapper().readTree(results.resolve("results.json").toFile());
        }
        Map<String, JsonNode> phase = new HashMap<>();
        r.get("phases").forEach(p -> phase.put(p.get("phase").asText(), p));
        assertThat(phase).containsOnlyKeys("a", "b", "c", "d");
        assertThat(r.get("bottleneck").asText()).isEqualTo("lf1 -> sp1");
        assertThat(r.get("bottleneckCarriesAllClasses").asBoolean()).isTrue();

        double idle = p99(phase.get("a"));
        double off = p99(phase.get("c"));
        double on = p99(phase.get("d"));
        String latencies = "p99 idle " + idle + " ms, QoS off " + off + " ms, QoS on " + on + " ms";
        assertThat(off).as(latencies).isGreaterThan(3 * idle);
        assertThat(on).as(latencies).isLessThan(off / 2);
        for (String p : List.of("a", "c", "d")) {
            // Open loop: the probe sent at its rate whatever the network did (200/s for 8 s).
            assertThat(phase.get(p).get("inference").get("sent").asLong()).isBetween(1500L, 1700L);
        }

        double trainingAlone = goodput(phase.get("b"), "TRAINING");
        assertThat(trainingAlone).as("training alone fills the bottleneck").isGreaterThan(0.75 * LINK_MBPS);
        assertThat(goodput(phase.get("d"), "TRAINING")).isGreaterThan(goodput(phase.get("c"), "TRAINING"));
        double archivalOn = goodput(phase.get("d"), "ARCHIVAL");
        assertThat(archivalOn).as("archival keeps about its 5 % minimum").isGreaterThan(0.03 * LINK_MBPS);
        assertThat(archivalOn).as("archival yields to training").isLessThan(goodput(phase.get("c"), "ARCHIVAL"));

        byte[] png = Files.readAllBytes(results.resolve("chart.png"));
        assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(results.resolve("report.md"))).contains("| target | value | wanted | met |");

        assertThat(bridges()).doesNotContainAnyElementsOf(SWITCHES);
        assertThat(Commands.run("ip", "-o", "link", "show")).doesNotContain("lf1-eth").doesNotContain("gpu1-eth");
        assertThat(Commands.run("ps", "-eo", "args")).doesNotContain("io.sluice.bench.lab.InferenceServer")
                .doesNotContain("iperf3 -s -1")
                .doesNotContain("mininet:gpu1");
    }

    private static double p99(JsonNode phase) {
        return phase.get("inference").get("latencyMs").get("p99").asDouble();
    }

    private static double goodput(JsonNode phase, String trafficClass) {
        return phase.get("goodputMbps").get(trafficClass).asDouble();
    }

    private static List<String> bridges() {
        return Arrays.stream(Commands.run("ovs-vsctl", "list-br").split("\n")).map(String::trim).toList();
    }
}
