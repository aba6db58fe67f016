package io.sluice.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.sluice.policy.codec.DefaultPolicy;
import io.sluice.server.SluiceApplication;
import io.sluice.server.SluiceConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy REST API on the real application, over HTTP, with a real SQLite store in a temporary file. */
class PolicyApiTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DropwizardTestSupport<SluiceConfiguration> app;
    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        app = new DropwizardTestSupport<>(SluiceApplication.class, ResourceHelpers.resourceFilePath("sluice-test.yml"),
                ConfigOverride.config("policy.database", dir.resolve("policy.db").toString()));
        app.before();
    }

    @AfterEach
    void stop() {
        app.after();
    }

    private record Answer(int status, JsonNode body, String etag) {
    }

    private Answer call(String method, String path, String body, String contentType, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            r.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body().isBlank() ? null : JSON.readTree(res.body()),
                res.headers().firstValue("ETag").orElse(null));
    }

    private Answer get(String path) throws Exception {
        return call("GET", path, null, null);
    }

    private Answer put(String yaml, String query, String... headers) throws Exception {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + TOKEN));
        h.addAll(List.of(headers));
        return call("PUT", "/api/v1/policy" + query, yaml, "application/yaml", h.toArray(new String[0]));
    }

    private static String defaultPolicy() {
        return DefaultPolicy.text();
    }

    @Test
    void startsWithTheDefaultPolicyAsVersionOneAndExplainsFlows() throws Exception {
        Answer p = get("/api/v1/policy");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body().get("version").asLong()).isEqualTo(1);
        assertThat(p.etag()).contains("1");
        assertThat(p.body().at("/policy/classes/INFERENCE/dscp").asInt()).isEqualTo(34);

        JsonNode grpc = get("/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=41000&dport=8001").body();
        assertThat(grpc.get("class").asText()).isEqualTo("INFERENCE");
        assertThat(grpc.get("rule").asText()).isEqualTo("triton");
        assertThat(get("/api/v1/classify?src=10.0.1.5&dst=10.0.2.9&proto=tcp&sport=41000&dport=52000").body()
                .get("rule").asText()).isEqualTo("nccl-between-gpu-trainers");
        assertThat(get("/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=41000&dport=873").body()
                .get("class").asText()).isEqualTo("ARCHIVAL");
        JsonNode elephant = get("/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=41000&dport=5555"
                + "&bytes=2000000000&seconds=20&rateMbps=400").body();
        assertThat(elephant.get("basis").asText()).isEqualTo("BEHAVIOUR");
        assertThat(elephant.get("reason").asText()).contains("2000000000 B");
        assertThat(get("/api/v1/classes").body().get("classes")).hasSize(5);

        JsonNode qos = get("/api/v1/qos/profile?linkMbps=100").body();
        assertThat(qos.get("linkBps").asLong()).isEqualTo(100_000_000L);
        assertThat(qos.get("queues")).hasSize(5);
        JsonNode inference = qos.get("queues").get(1);
        assertThat(inference.get("class").asText()).isEqualTo("INFERENCE");
        assertThat(inference.get("minRateBps").asLong()).isEqualTo(20_000_000L);
        assertThat(inference.get("maxRateBps").asLong()).isEqualTo(50_000_000L);
        assertThat(qos.at("/dscpToQueue/26").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/qos/profile?linkMbps=fast").body().get("message").asText()).contains("linkMbps");
    }

    @Test
    void changesNeedTheToken() throws Exception {
        Answer none = call("PUT", "/api/v1/policy", defaultPolicy(), "application/yaml");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("message").asText()).contains("Authorization: Bearer");
        Answer wrong = call("PUT", "/api/v1/policy", defaultPolicy(), "application/yaml",
                "Authorization", "Bearer not-the-token-at-all");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(call("DELETE", "/api/v1/policy/rules/triton", null, null).status()).isEqualTo(401);
        assertThat(get("/api/v1/policy").body().get("version").asLong()).as("nothing changed").isEqualTo(1);
    }

    @Test
    void anInvalidPolicyIsRefusedWholeWithEveryErrorNamingRuleLineAndField() throws Exception {
        String bad = defaultPolicy().replace("dstPorts: 873}", "dstPort: 873}")
                .replace("{dscp: 26, queue: 2,", "{dscp: 99, queue: 2,")
                .replace("match: {proto: udp, dstPorts: 4791}", "match: {proto: udp, dstPorts: 4791, dstGroup: nope}");
        Answer a = put(bad, "");
        assertThat(a.status()).isEqualTo(422);
        assertThat(a.body().get("errors")).extracting(e -> e.get("field").asText() + "@" + e.get("line").asInt()
                + "/" + e.get("rule").asText())
                .anySatisfy(s -> assertThat(s).startsWith("classes.TRAINING.dscp@").endsWith("/null"))
                .anySatisfy(s -> assertThat(s).matches("rules\\[\\d+]\\.match\\.dstPort@\\d+/rsync"))
                .anySatisfy(s -> assertThat(s).matches("rules\\[\\d+]\\.match\\.dstGroup@\\d+/rocev2"));
        assertThat(a.body().get("errors")).allSatisfy(e -> assertThat(e.get("line").asInt()).isPositive());
        assertThat(get("/api/v1/policy/versions").body().get("count").asInt()).isEqualTo(1);
    }

    @Test
    void aDryRunShowsTheDiffAndChangesNothingThenTheChangeMakesAVersionThatCanBeRolledBack() throws Exception {
        String changed = defaultPolicy().replace("dstPorts: 873}", "dstPorts: 873-874}")
                + "\n"; // rsync changed
        Answer dry = put(changed, "?dryRun=true");
        assertThat(dry.status()).isEqualTo(200);
        assertThat(dry.body().get("applied").asBoolean()).isFalse();
        assertThat(dry.body().at("/diff/rulesChanged")).extracting(JsonNode::asText).containsExactly("rsync");
        assertThat(get("/api/v1/policy").body().get("version").asLong()).isEqualTo(1);

        Answer applied = put(changed, "?author=alice&comment=wider%20rsync", "If-Match", "\"1\"");
        assertThat(applied.status()).isEqualTo(200);
        assertThat(applied.body().get("version").asLong()).isEqualTo(2);
        assertThat(get("/api/v1/policy/versions").body().get("versions")).extracting(v -> v.get("author").asText())
                .containsExactly("sluice", "alice");
        assertThat(get("/api/v1/policy/diff?from=1&to=2").body().at("/diff/rulesChanged").get(0).asText())
                .isEqualTo("rsync");
        assertThat(get("/api/v1/policy/versions/1").body().at("/policy/rules")).isNotEmpty();
        assertThat(get("/api/v1/policy/versions/9").status()).isEqualTo(404);

        Answer stale = put(defaultPolicy(), "", "If-Match", "\"1\"");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body().get("currentVersion").asLong()).isEqualTo(2);

        Answer back = call("POST", "/api/v1/policy/rollback/1?author=bob", null, null,
                "Authorization", "Bearer " + TOKEN);
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.body().get("version").asLong()).isEqualTo(3);
        assertThat(get("/api/v1/policy/rules/rsync").body().at("/match/dstPorts").asText()).isEqualTo("873");
        assertThat(put(defaultPolicy(), "").body().get("version").asLong())
                .as("applying what is in force makes no version").isEqualTo(3);
    }

    @Test
    void rulesCanBeAddedReplacedAndDeletedOneByOne() throws Exception {
        String auth = "Bearer " + TOKEN;
        String rule = "{\"id\":\"jupyter\",\"priority\":400,\"class\":\"INFERENCE\","
                + "\"match\":{\"proto\":\"tcp\",\"dstPorts\":\"8888\"},\"comment\":\"notebooks\"}";
        Answer added = call("POST", "/api/v1/policy/rules", rule, "application/json", "Authorization", auth);
        assertThat(added.status()).isEqualTo(201);
        assertThat(added.body().at("/diff/rulesAdded").get(0).asText()).isEqualTo("jupyter");
        assertThat(call("POST", "/api/v1/policy/rules", rule, "application/json", "Authorization", auth).status())
                .isEqualTo(409);
        assertThat(get("/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=41000&dport=8888").body()
                .get("rule").asText()).isEqualTo("jupyter");

        Answer replaced = call("PUT", "/api/v1/policy/rules/jupyter", rule.replace("INFERENCE", "BEST_EFFORT"),
                "application/json", "Authorization", auth);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(get("/api/v1/policy/rules/jupyter").body().get("class").asText()).isEqualTo("BEST_EFFORT");

        Answer invalid = call("PUT", "/api/v1/policy/rules/jupyter", rule.replace("\"8888\"", "\"8888\",\"dscp\":70"),
                "application/json", "Authorization", auth);
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("errors").get(0).get("field").asText()).endsWith("match.dscp");
        assertThat(invalid.body().get("errors").get(0).get("rule").asText()).isEqualTo("jupyter");

        assertThat(call("PUT", "/api/v1/policy/rules/nope", rule, "application/json", "Authorization", auth).status())
                .isEqualTo(422); // the body's id is not the path's
        assertThat(call("DELETE", "/api/v1/policy/rules/jupyter", null, null, "Authorization", auth).status())
                .isEqualTo(200);
        assertThat(call("DELETE", "/api/v1/policy/rules/jupyter", null, null, "Authorization", auth).status())
                .isEqualTo(404);
        assertThat(get("/api/v1/policy/versions").body().get("count").asInt()).isEqualTo(4);
    }

    @Test
    void ruleEditsAreMadeAgainstWhatTheyReadAndBadInputNamesItsField() throws Exception {
        String auth = "Bearer " + TOKEN;
        String rule = "{\"id\":\"jupyter\",\"priority\":400,\"class\":\"INFERENCE\","
                + "\"match\":{\"proto\":\"tcp\",\"dstPorts\":\"8888\"}}";
        Answer stale = call("POST", "/api/v1/policy/rules", rule, "application/json", "Authorization", auth,
                "If-Match", "\"0\"");
        assertThat(stale.status()).isEqualTo(409);
        Answer broken = call("POST", "/api/v1/policy/rules", "{\"id\": ", "application/json", "Authorization", auth);
        assertThat(broken.status()).isEqualTo(422);
        assertThat(broken.body().get("errors").get(0).get("field").asText()).isEqualTo("body");
        assertThat(put(defaultPolicy(), "?dryRun=yes").body().get("message").asText()).contains("dryRun");
        assertThat(put(defaultPolicy(), "?author=" + "x".repeat(200)).body().get("message").asText())
                .contains("author");
        assertThat(get("/api/v1/classify?src=10.0.0.1&dst=10.0.0.2&proto=tcp&sport=abc").body().get("message")
                .asText()).contains("sport");
        assertThat(get("/api/v1/policy/diff?from=x").body().get("message").asText()).contains("from");
        assertThat(get("/api/v1/policy/versions").body().get("count").asInt()).as("none of it changed anything")
                .isEqualTo(1);
    }

    @Test
    void badQuestionsGetFourHundredsNamingTheField() throws Exception {
        assertThat(get("/api/v1/classify?dst=10.0.0.1&proto=tcp").body().get("message").asText()).contains("src");
        assertThat(get("/api/v1/classify?src=10.0.0.1&dst=10.0.0.2&proto=banana").body().get("message").asText())
                .contains("proto");
        assertThat(get("/api/v1/classify?src=10.0.0.1&dst=10.0.0.2&proto=tcp&dport=70000").status()).isEqualTo(400);
        assertThat(put("", "").status()).isEqualTo(400);
        assertThat(put("classes: [", "").status()).isEqualTo(422);
        assertThat(call("PUT", "/api/v1/policy", defaultPolicy(), "application/yaml", "Authorization", "Bearer " + TOKEN,
                "If-Match", "yesterday").status()).isEqualTo(400);
    }
}
