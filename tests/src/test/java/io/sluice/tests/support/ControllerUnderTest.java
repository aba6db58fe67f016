package io.sluice.tests.support;

import io.sluice.openflow.Dpid;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.sluice.core.device.DeviceId;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.server.SluiceApplication;
import io.sluice.server.SluiceConfiguration;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real Sluice application, started in this JVM on ephemeral ports (OpenFlow and HTTP), with the
 * short keepalive of {@code sluice-it.yml}. Talks to it over real HTTP, as a user would.
 */
public final class ControllerUnderTest implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DropwizardTestSupport<SluiceConfiguration> support;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ControllerUnderTest(DropwizardTestSupport<SluiceConfiguration> support) {
        this.support = support;
    }

    /** The bearer token {@code sluice-it.yml} sets for policy changes. */
    public static final String POLICY_TOKEN = "it-token-0123456789abcdef";

    public static ControllerUnderTest start(ConfigOverride... overrides) {
        ConfigOverride[] all = Arrays.copyOf(overrides, overrides.length + 1);
        // Each controller gets a policy store of its own, so no test sees another's versions.
        all[overrides.length] = ConfigOverride.config("policy.database", freshDatabase());
        DropwizardTestSupport<SluiceConfiguration> support = new DropwizardTestSupport<>(SluiceApplication.class,
                ResourceHelpers.resourceFilePath("sluice-it.yml"), all);
        try {
            support.before();
        } catch (Exception e) {
            throw new IllegalStateException("controller did not start", e);
        }
        return new ControllerUnderTest(support);
    }

    private static String freshDatabase() {
        try {
            Path dir = Files.createTempDirectory("sluice-it-policy");
            dir.toFile().deleteOnExit();
            return dir.resolve("policy.db").toString();
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a policy store for the test", e);
        }
    }

    public SluiceApplication app() {
        return support.getApplication();
    }

    public SluiceConfiguration config() {
        return support.getConfiguration();
    }

    /** The port of the REST API. */
    public int httpPort() {
        return support.getLocalPort();
    }

    /** The port switches connect to. */
    public int openFlowPort() {
        return app().openFlowServer().boundAddresses().get(0).getPort();
    }

    /** {@code tcp:127.0.0.1:<port>}, for ovs-vsctl set-controller. */
    public String controllerTarget() {
        return "tcp:127.0.0.1:" + openFlowPort();
    }

    public Optional<OpenFlowSwitch> openFlowSwitch(long dpid) {
        return app().openFlowController().getSwitch(Dpid.deviceId(dpid));
    }

    public Duration keepaliveTimeout() {
        return Duration.ofNanos(config().getOpenflow().getKeepaliveTimeout().toNanoseconds());
    }

    /** GET {@code path}; returns status and parsed JSON body. */
    public Response get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.getLocalPort() + path))
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A policy change ({@code PUT}/{@code POST}/{@code DELETE}) with the test token. */
    public Response change(String method, String path, String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.getLocalPort() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + POLICY_TOKEN)
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The flow table of switch {@code dpid} as {@code GET /api/v1/switches/{dpid}/flows} reads it back. */
    public List<JsonNode> flows(long dpid) {
        Response r = get("/api/v1/switches/" + String.format("%016x", dpid) + "/flows");
        if (r.status() != 200) {
            throw new IllegalStateException("flows of " + Long.toHexString(dpid) + ": " + r.status() + " " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        r.body().get("flows").forEach(out::add);
        return out;
    }

    /** The switch as {@code GET /api/v1/switches/{dpid}} shows it, if it is connected. */
    public Optional<JsonNode> switchView(long dpid) {
        Response r = get("/api/v1/switches/" + Dpid.deviceId(dpid));
        return r.status() == 200 ? Optional.of(r.body()) : Optional.empty();
    }

    /** {@code GET /api/v1/links}'s links: src/dst (device, port), capacityBps. */
    public List<JsonNode> links() {
        List<JsonNode> out = new ArrayList<>();
        get("/api/v1/links").body().get("links").forEach(out::add);
        return out;
    }

    /** {@code GET /api/v1/hosts}'s hosts. */
    public List<JsonNode> hosts() {
        List<JsonNode> out = new ArrayList<>();
        get("/api/v1/hosts").body().get("hosts").forEach(out::add);
        return out;
    }

    /** {@code GET /api/v1/switches}'s switches. */
    public List<JsonNode> switches() {
        List<JsonNode> out = new ArrayList<>();
        get("/api/v1/switches").body().get("switches").forEach(out::add);
        return out;
    }

    /** A counter of LLDP discovery from {@code /api/v1/health} (probesSent, ACCEPTED, FORGED, ...). */
    public long lldp(String counter) {
        return get("/api/v1/health").body().get("lldp").get(counter).asLong();
    }

    /** Packet-ins from all switches that were not LLDP probes: what forwarding costs the controller. */
    public long packetInsOtherThanProbes() {
        JsonNode h = get("/api/v1/health").body();
        long probes = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = h.get("lldp").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("probesSent")) {
                probes += e.getValue().asLong();
            }
        }
        return h.get("openflow").get("packetIns").asLong() - probes;
    }

    /** A counter of what the controller did with frames sent to it (health's routing.frames). */
    public long frames(String counter) {
        return get("/api/v1/health").body().get("routing").get("frames").get(counter).asLong();
    }

    /** {@code GET /api/v1/paths?src=&dst=}'s switches, first to last; empty when unreachable. */
    public List<String> pathSwitches(String src, String dst) {
        List<String> out = new ArrayList<>();
        JsonNode body = get("/api/v1/paths?src=" + src + "&dst=" + dst).body();
        body.path("hops").forEach(h -> out.add(h.get("device").asText()));
        return out;
    }

    public long closedConnections(String cause) {
        return get("/api/v1/health").body().get("openflow").get("closedConnections").get(cause).asLong();
    }

    @Override
    public void close() {
        support.after();
    }

    /** An HTTP response: status and JSON body. */
    public record Response(int status, JsonNode body) {
    }
}
