package io.sluice.bench.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * What the benchmarks ask Sluice over its REST API: how many links and hosts it knows, applying a
 * policy, and (on the admin port) a garbage collection and the heap in use after it.
 */
public final class SluiceRest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String api;
    private final String admin;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * @param api   the REST base URL (http://127.0.0.1:8080)
     * @param admin the admin base URL (http://127.0.0.1:8081), for heap readings
     * @param token the policy token, for applying a policy
     */
    public SluiceRest(String api, String admin, String token) {
        this.api = api.replaceAll("/+$", "");
        this.admin = admin.replaceAll("/+$", "");
        this.token = token;
    }

    public int links() throws IOException, InterruptedException {
        return get(api + "/api/v1/links").path("count").asInt(0);
    }

    public int hosts() throws IOException, InterruptedException {
        return get(api + "/api/v1/hosts").path("count").asInt(0);
    }

    /** Applies a policy document (YAML); throws with the controller's message if refused. */
    public void applyPolicy(String yaml, String why) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/policy?author=bench&comment="
                        + java.net.URLEncoder.encode(why, java.nio.charset.StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + token).PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("applying the policy: HTTP " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(400, r.body().length()))
                    + (r.statusCode() == 401 ? " (the token: --token or SLUICE_TOKEN, policy.token of the controller)" : ""));
        }
    }

    /** Heap bytes in use right after a full garbage collection (Dropwizard's gc task and JVM gauges). */
    public long heapUsedAfterGc() throws IOException, InterruptedException {
        HttpResponse<String> gc = http.send(HttpRequest.newBuilder(URI.create(admin + "/tasks/gc"))
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (gc.statusCode() / 100 != 2) {
            throw new IOException("POST " + admin + "/tasks/gc: HTTP " + gc.statusCode());
        }
        JsonNode used = get(admin + "/metrics").path("gauges").path("jvm.memory.heap.used").path("value");
        if (!used.isNumber()) {
            throw new IOException(admin + "/metrics has no jvm.memory.heap.used gauge");
        }
        return used.asLong();
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("GET " + url + ": HTTP " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }
}
