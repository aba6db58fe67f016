package io.sluice.server.qos;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.sluice.server.SluiceApplication;
import io.sluice.server.SluiceConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Switching classification off and on over REST, on the real application: token, bad bodies, state. */
class ClassificationApiTest {
    private static final String TOKEN = "test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private DropwizardTestSupport<SluiceConfiguration> app;
    @TempDir
    Path dir;

    private void start(boolean classify) throws Exception {
        app = new DropwizardTestSupport<>(SluiceApplication.class, ResourceHelpers.resourceFilePath("sluice-test.yml"),
                ConfigOverride.config("policy.database", dir.resolve("policy.db").toString()),
                ConfigOverride.config("qos.classify", Boolean.toString(classify)));
        app.before();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.after();
        }
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> res = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(res.statusCode(), res.body().isBlank() ? null : JSON.readTree(res.body()));
    }

    @Test
    void switchingOffAndOnNeedsTheTokenAndLeavesThePolicyAlone() throws Exception {
        start(true);
        long version = call("GET", "/api/v1/policy/versions", null, null).body().get("versions").get(0)
                .get("version").asLong();
        assertThat(call("GET", "/api/v1/qos/classification", null, null).body().get("classify").asBoolean()).isTrue();

        assertThat(call("PUT", "/api/v1/qos/classification", "{\"classify\": false}", null).status()).isEqualTo(401);
        assertThat(call("PUT", "/api/v1/qos/classification", "{\"classify\": false}", "wrong-token-0123456789").status())
                .isEqualTo(403);
        assertThat(call("GET", "/api/v1/qos/classification", null, null).body().get("classify").asBoolean()).isTrue();

        Answer off = call("PUT", "/api/v1/qos/classification", "{\"classify\": false}", TOKEN);
        assertThat(off.status()).isEqualTo(200);
        assertThat(off.body().get("changed").asBoolean()).isTrue();
        assertThat(off.body().get("marking").asText()).contains("everything BEST_EFFORT");
        assertThat(call("PUT", "/api/v1/qos/classification", "{\"classify\": false}", TOKEN).body().get("changed")
                .asBoolean()).isFalse();
        assertThat(call("GET", "/api/v1/qos/classification", null, null).body().get("classify").asBoolean()).isFalse();
        JsonNode explained = call("GET", "/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=40000&dport=8000",
                null, null).body();
        assertThat(explained.get("class").asText()).isEqualTo("INFERENCE");
        assertThat(explained.get("classificationOff").asText()).contains("BEST_EFFORT");

        assertThat(call("PUT", "/api/v1/qos/classification", "{\"classify\": true}", TOKEN).body().get("classify")
                .asBoolean()).isTrue();
        assertThat(call("GET", "/api/v1/classify?src=10.0.5.1&dst=10.0.6.1&proto=tcp&sport=40000&dport=8000", null,
                null).body().has("classificationOff")).isFalse();
        assertThat(call("GET", "/api/v1/policy/versions", null, null).body().get("versions")).hasSize(1);
        assertThat(call("GET", "/api/v1/policy/versions", null, null).body().get("versions").get(0).get("version")
                .asLong()).isEqualTo(version);
    }

    @Test
    void badBodiesAreRefusedWithTheProblemNamedAndChangeNothing() throws Exception {
        start(true);
        Answer notJson = call("PUT", "/api/v1/qos/classification", "{\"classify\": fals", TOKEN);
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.body().get("message").asText()).contains("not valid JSON");
        Answer wrongType = call("PUT", "/api/v1/qos/classification", "{\"classify\": \"no\"}", TOKEN);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body().get("message").asText()).contains("{\"classify\": false}");
        Answer extra = call("PUT", "/api/v1/qos/classification", "{\"classify\": false, \"rules\": []}", TOKEN);
        assertThat(extra.status()).isEqualTo(400);
        assertThat(extra.body().get("message").asText()).contains("only 'classify'");
        assertThat(call("GET", "/api/v1/qos/classification", null, null).body().get("classify").asBoolean()).isTrue();
    }

    @Test
    void theConfigurationSetsTheStateAtStart() throws Exception {
        start(false);
        JsonNode state = call("GET", "/api/v1/qos/classification", null, null).body();
        assertThat(state.get("classify").asBoolean()).isFalse();
        assertThat(state.get("marking").asText()).contains("everything BEST_EFFORT");
    }
}
