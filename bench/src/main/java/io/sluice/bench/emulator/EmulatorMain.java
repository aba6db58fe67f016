package io.sluice.bench.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fabric emulator from the command line, against a running controller. Every mode connects an
 * emulated leaf-spine and times, from the first switch connecting, until the controller's REST API
 * lists every link ({@code discovery} stops there). {@code throughput} then sends new-flow
 * packet-ins with a window per host and counts answers per second; {@code latency} keeps one
 * outstanding per host and reports answer times. Each prints one line and writes JSON.
 *
 * <pre>
 * java ... io.sluice.bench.emulator.EmulatorMain discovery|throughput|latency --spines 4 --leaves 12 [--hosts-per-leaf 2]
 *     [--controller 127.0.0.1:6653] [--rest http://127.0.0.1:8080] [--threads 2] [--timeout 120]
 *     [--out bench/target/emulator-discovery.json]
 * </pre>
 */
public final class EmulatorMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String mode = opt.getOrDefault("mode", "");
        if (!mode.equals("discovery") && !mode.equals("throughput") && !mode.equals("latency")) {
            System.err.println("usage: EmulatorMain discovery|throughput|latency --spines S --leaves L "
                    + "[--hosts-per-leaf H] [--controller host:port] [--rest url] [--threads N] [--timeout seconds] "
                    + "[--window W (throughput, 16)] [--seconds S (10)] [--warmup S (3)] [--out file]");
            System.exit(2);
        }
        FabricShape shape = FabricShape.leafSpine(number(opt, "spines", 4), number(opt, "leaves", 12),
                number(opt, "hosts-per-leaf", 2));
        String[] hp = opt.getOrDefault("controller", "127.0.0.1:6653").split(":");
        String rest = opt.getOrDefault("rest", "http://127.0.0.1:8080");
        Duration timeout = Duration.ofSeconds(number(opt, "timeout", 120));
        Path out = Path.of(opt.getOrDefault("out", "bench/target/emulator-" + mode + ".json"));
        HttpClient http = HttpClient.newHttpClient();
        try (FabricEmulator fabric = FabricEmulator.connect(shape, new InetSocketAddress(hp[0], Integer.parseInt(hp[1])),
                number(opt, "threads", 2))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            int links = 0;
            // Every 10 ms, but no oftener than the controller can list the links without the listing
            // itself becoming the load being measured (about 1 ms per 1,000 links).
            long pollMillis = Math.max(10, shape.directedLinks() / 100);
            while (System.nanoTime() < deadline && (links = links(http, rest)) < shape.directedLinks()) {
                Thread.sleep(pollMillis);
            }
            long tookNanos = System.nanoTime() - fabric.firstConnectNanos();
            boolean complete = links >= shape.directedLinks();
            ObjectNode r = JSON.createObjectNode().put("mode", "discovery").put("fabric", shape.name())
                    .put("switches", shape.switches().size()).put("directedLinks", shape.directedLinks())
                    .put("linksFound", links).put("complete", complete).put("seconds", tookNanos / 1e9)
                    .put("packetIns", fabric.packetIns()).put("packetOuts", fabric.packetOuts())
                    .put("flowMods", fabric.flowMods()).put("reconnects", fabric.reconnects());
            Files.createDirectories(out.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), r);
            System.out.printf("discovery %s: %d switches, %d/%d links in %.3f s from the first connection%s "
                    + "(%d packet-ins, %d packet-outs, %d flow-mods, %d reconnects); %s%n", shape.name(),
                    shape.switches().size(), links, shape.directedLinks(), tookNanos / 1e9,
                    complete ? "" : " - INCOMPLETE", fabric.packetIns(), fabric.packetOuts(), fabric.flowMods(),
                    fabric.reconnects(), out);
            if (!complete) {
                System.exit(1);
            }
            if (!mode.equals("discovery")) {
                newFlows(fabric, http, rest, opt, mode, out);
            }
        }
    }

    /**
     * New-flow load once the fabric is discovered: every host ARPs (so the controller knows them
     * all), then sends TCP SYNs with fresh source ports, {@code window} outstanding per host (1 for
     * latency); after a warm-up, answers per second and answer times are measured.
     */
    private static void newFlows(FabricEmulator fabric, HttpClient http, String rest, Map<String, String> opt,
            String mode, Path out) throws Exception {
        var hosts = fabric.shape().hostPorts();
        if (hosts.size() < 2) {
            throw new IllegalArgumentException(mode + " needs hosts: --hosts-per-leaf 1 or more");
        }
        for (int n = 0; n < hosts.size(); n++) {
            fabric.sendFromHost(hosts.get(n), HostFrames.arpRequest(HostFrames.mac(n), HostFrames.ip(n),
                    HostFrames.ip((n + 1) % hosts.size())));
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (count(http, rest, "/api/v1/hosts") < hosts.size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        // A controller that classifies new flows itself puts a rule on each host port sending them up: wait
        // for those (a controller without them never has any: then 3 s at most).
        long rulesBy = System.nanoTime() + 3_000_000_000L;
        while (fabric.portsSendingIpv4Up() < hosts.size() && System.nanoTime() < rulesBy) {
            Thread.sleep(20);
        }
        int window = mode.equals("latency") ? 1 : number(opt, "window", 16);
        NewFlowLoad load = fabric.startLoad(window);
        Thread.sleep(number(opt, "warmup", 3) * 1000L);
        load.latencySinceLast();
        long before = load.answered();
        long t0 = System.nanoTime();
        Thread.sleep(number(opt, "seconds", 10) * 1000L);
        long answered = load.answered() - before;
        double seconds = (System.nanoTime() - t0) / 1e9;
        org.HdrHistogram.Histogram h = load.latencySinceLast();
        load.stop();
        double perSecond = answered / seconds;
        ObjectNode r = JSON.createObjectNode().put("mode", mode).put("fabric", fabric.shape().name())
                .put("switches", fabric.shape().switches().size()).put("hosts", hosts.size()).put("window", window)
                .put("seconds", seconds).put("answers", answered).put("answersPerSecond", perSecond)
                .put("p50Micros", h.getValueAtPercentile(50)).put("p99Micros", h.getValueAtPercentile(99))
                .put("p999Micros", h.getValueAtPercentile(99.9)).put("maxMicros", h.getMaxValue());
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), r);
        System.out.printf("%s %s: %d hosts, %d outstanding each: %.0f answers/s over %.1f s; answer time p50 %d us, "
                + "p99 %d us, p99.9 %d us, max %d us; %s%n", mode, fabric.shape().name(), hosts.size(), window,
                perSecond, seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                h.getValueAtPercentile(99.9), h.getMaxValue(), out);
    }

    private static int count(HttpClient http, String rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("count").asInt(0);
    }

    private static int links(HttpClient http, String rest) throws IOException, InterruptedException {
        return count(http, rest, "/api/v1/links");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                out.put(args[i].substring(2), args[++i]);
            } else if (!out.containsKey("mode")) {
                out.put("mode", args[i]);
            } else {
                throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
            }
        }
        return out;
    }

    private static int number(Map<String, String> opt, String name, int dflt) {
        String v = opt.get(name);
        try {
            return v == null ? dflt : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": want a whole number, got '" + v + "'");
        }
    }
}
