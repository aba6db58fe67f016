package io.sluice.bench.emulator;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The fabric emulator from the command line. Mode {@code discovery}: connects an emulated
 * leaf-spine to a running controller and times, from the first switch connecting, until the
 * controller's REST API lists every link; prints one line and writes JSON.
 *
 * <pre>
 * java ... io.sluice.bench.emulator.EmulatorMain discovery --spines 4 --leaves 12 [--hosts-per-leaf 2]
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
        if (!mode.equals("discovery")) {
            System.err.println("usage: EmulatorMain discovery --spines S --leaves L [--hosts-per-leaf H] "
                    + "[--controller host:port] [--rest url] [--threads N] [--timeout seconds] [--out file]");
            System.exit(2);
        }
        FabricShape shape = FabricShape.leafSpine(number(opt, "spines", 4), number(opt, "leaves", 12),
                number(opt, "hosts-per-leaf", 2));
        String[] hp = opt.getOrDefault("controller", "127.0.0.1:6653").split(":");
        String rest = opt.getOrDefault("rest", "http://127.0.0.1:8080");
        Duration timeout = Duration.ofSeconds(number(opt, "timeout", 120));
        Path out = Path.of(opt.getOrDefault("out", "bench/target/emulator-discovery.json"));
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
        }
    }

    private static int links(HttpClient http, String rest) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rest + "/api/v1/links"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        return n.path("count").asInt(0);
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
