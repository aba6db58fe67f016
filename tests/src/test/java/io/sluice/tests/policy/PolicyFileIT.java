package io.sluice.tests.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.server.cli.PolicyCli;
import io.sluice.tests.support.ControllerUnderTest;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy as a file in version control: `sluice policy apply -f` of the shipped default policy
 * against a running controller, after someone emptied it, brings back the classes that the
 * explain endpoint then gives an inference, an NCCL and a backup flow, with the rule ids; a broken
 * file is refused with its line numbers and changes nothing; `export` gives back a file that
 * applies as a no-op.
 */
class PolicyFileIT {
    private static final Path DEFAULT_POLICY = Path.of("..", "policy", "default.yaml");
    @TempDir
    Path dir;

    private record Run(int status, String out, String err) {
    }

    private static Run cli(ControllerUnderTest controller, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 6];
        all[0] = "--api";
        all[1] = "http://127.0.0.1:" + controller.httpPort();
        all[2] = "--token";
        all[3] = ControllerUnderTest.POLICY_TOKEN;
        all[4] = "--config";
        all[5] = "/nonexistent/config.yml";
        System.arraycopy(args, 0, all, 6, args.length);
        int status = PolicyCli.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(status, out.toString(), err.toString());
    }

    private static JsonNode classify(ControllerUnderTest c, String query) {
        return c.get("/api/v1/classify?" + query).body();
    }

    @Test
    void applyingTheShippedDefaultPolicyClassifiesInferenceTrainingAndBackupFlows() throws Exception {
        try (ControllerUnderTest controller = ControllerUnderTest.start()) {
            String text = Files.readString(DEFAULT_POLICY);
            Path emptied = dir.resolve("emptied.yaml");
            Files.writeString(emptied, text.substring(0, text.indexOf("rules:")) + "rules: []\n");
            Run first = cli(controller, "apply", "-f", emptied.toString(), "-m", "no rules");
            assertThat(first.status()).as(first.err()).isZero();
            assertThat(classify(controller, "src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=40000&dport=8001")
                    .get("class").asText()).isEqualTo("BEST_EFFORT");

            Run apply = cli(controller, "apply", "-f", DEFAULT_POLICY.toString());
            assertThat(apply.status()).as(apply.err()).isZero();
            assertThat(apply.out()).contains("applied: version 3").contains("triton");

            JsonNode grpc = classify(controller, "src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=40000&dport=8001");
            JsonNode nccl = classify(controller, "src=10.0.1.11&dst=10.0.2.12&proto=tcp&sport=40000&dport=43211");
            JsonNode backup = classify(controller, "src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=40000&dport=873");
            assertThat(grpc.get("class").asText() + " " + grpc.get("rule").asText()).isEqualTo("INFERENCE triton");
            assertThat(nccl.get("class").asText() + " " + nccl.get("rule").asText())
                    .isEqualTo("TRAINING nccl-between-gpu-trainers");
            assertThat(backup.get("class").asText() + " " + backup.get("rule").asText()).isEqualTo("ARCHIVAL rsync");

            Path broken = dir.resolve("broken.yaml");
            Files.writeString(broken, text.replace("dstPorts: 873}", "dstPort: 873}"));
            Run refused = cli(controller, "apply", "-f", broken.toString());
            assertThat(refused.status()).isEqualTo(1);
            int line = lineOf(text, "id: rsync");
            assertThat(refused.err()).contains(broken + ":" + line + ": rule rsync: ")
                    .contains("unknown field 'dstPort'");

            Path exported = dir.resolve("exported.yaml");
            Run export = cli(controller, "export", "-o", exported.toString());
            assertThat(export.status()).as(export.err()).isZero();
            Run again = cli(controller, "apply", "-f", exported.toString());
            assertThat(again.out()).startsWith("no change: version 3");
            assertThat(controller.get("/api/v1/policy/versions").body().get("count").asInt()).isEqualTo(3);
        }
    }

    private static int lineOf(String text, String needle) {
        String before = text.substring(0, text.indexOf(needle));
        return (int) before.chars().filter(c -> c == '\n').count() + 1;
    }
}
