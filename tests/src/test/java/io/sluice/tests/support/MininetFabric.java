package io.sluice.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Mininet leaf-spine fabric (Open vSwitch userspace datapath) run by
 * {@code topologies/fabric_driver.py} and driven over its stdin/stdout. Closing it (or the test
 * JVM dying, which closes the driver's stdin) tears the fabric down.
 */
public final class MininetFabric implements AutoCloseable {
    private static final Path DRIVER = Path.of("..", "topologies", "fabric_driver.py");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    private static final Duration COMMAND_LIMIT = Duration.ofSeconds(60);

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final JsonNode description;

    private MininetFabric(int spines, int leaves, int hostsPerLeaf, int openFlowPort, Double linkMbps) throws IOException {
        OvsBridge.requireOvs();
        if (!Files.exists(DRIVER)) {
            throw new IllegalStateException(DRIVER + " not found (run from the tests module)");
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", DRIVER.toString(),
                "--of-port", String.valueOf(openFlowPort), "--spines", String.valueOf(spines),
                "--leaves", String.valueOf(leaves), "--hosts-per-leaf", String.valueOf(hostsPerLeaf)));
        if (linkMbps != null) {
            command.addAll(List.of("--link-mbps", String.valueOf(linkMbps)));
        }
        process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the driver ended; next() reports it
            }
        }, "mininet-driver-reader");
        reader.setDaemon(true);
        reader.start();
        JsonNode ready;
        try {
            ready = next(START_LIMIT);
        } catch (RuntimeException e) {
            close(); // whatever the driver built so far must not outlive this failure
            throw e;
        }
        if (!"ready".equals(ready.path("event").asText())) {
            close();
            throw new IllegalStateException("fabric driver did not start: " + ready);
        }
        description = ready;
    }

    /** Starts a leaf-spine fabric whose switches connect to the controller at {@code openFlowPort}. */
    public static MininetFabric leafSpine(int spines, int leaves, int hostsPerLeaf, int openFlowPort) {
        return start(spines, leaves, hostsPerLeaf, openFlowPort, null);
    }

    /** The same, with every link shaped to {@code linkMbps} by HTB, as the lab's links are. */
    public static MininetFabric leafSpine(int spines, int leaves, int hostsPerLeaf, int openFlowPort, double linkMbps) {
        return start(spines, leaves, hostsPerLeaf, openFlowPort, linkMbps);
    }

    private static MininetFabric start(int spines, int leaves, int hostsPerLeaf, int openFlowPort, Double linkMbps) {
        try {
            return new MininetFabric(spines, leaves, hostsPerLeaf, openFlowPort, linkMbps);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fabric driver", e);
        }
    }

    /** Switches: name, dpid (16 hex digits). */
    public List<JsonNode> switches() {
        return list(description.get("switches"));
    }

    /** Hosts: name, mac, ip, switch (dpid), port. */
    public List<JsonNode> hosts() {
        return list(description.get("hosts"));
    }

    /** Switch-to-switch cables: a, aPort, b, bPort. */
    public List<JsonNode> cables() {
        return list(description.get("cables"));
    }

    /** The port of switch {@code from} (by name) that is cabled to switch {@code to}. */
    public long portToward(String from, String to) {
        String a = dpidOf(from);
        String b = dpidOf(to);
        for (JsonNode c : cables()) {
            if (c.get("a").asText().equals(a) && c.get("b").asText().equals(b)) {
                return c.get("aPort").asLong();
            }
            if (c.get("b").asText().equals(a) && c.get("a").asText().equals(b)) {
                return c.get("bPort").asLong();
            }
        }
        throw new IllegalArgumentException("no cable between " + from + " and " + to);
    }

    /** The name of the switch cabled to {@code port} of switch {@code from}. */
    public String peerOf(String from, long port) {
        String a = dpidOf(from);
        for (JsonNode c : cables()) {
            for (String[] ends : new String[][] {{"a", "b"}, {"b", "a"}}) {
                if (c.get(ends[0]).asText().equals(a) && c.get(ends[0] + "Port").asLong() == port) {
                    String peer = c.get(ends[1]).asText();
                    return switches().stream().filter(s -> s.get("dpid").asText().equals(peer)).findFirst()
                            .orElseThrow().get("name").asText();
                }
            }
        }
        throw new IllegalArgumentException("no cable at " + from + " port " + port);
    }

    private String dpidOf(String name) {
        return switches().stream().filter(s -> s.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no switch " + name)).get("dpid").asText();
    }

    /** Takes the cable between two nodes down or up, at both ends (Mininet configLinkStatus). */
    public void link(String a, String b, boolean up) {
        ObjectNode cmd = JSON.createObjectNode().put("cmd", "link").put("a", a).put("b", b).put("state", up ? "up" : "down");
        call(cmd);
    }

    /** Runs a shell command in a host's namespace; returns its output. */
    public String onHost(String host, String shell) {
        return call(JSON.createObjectNode().put("cmd", "host").put("host", host).put("shell", shell))
                .path("output").asText();
    }

    /**
     * Sends {@code count} pings 10 ms apart from {@code host} to {@code dst}, does {@code action}
     * once 100 replies are in, and returns the count. A count, not a deadline: at a deadline the
     * ping still in flight would count as lost.
     */
    public Ping pingDuring(String host, String dst, int count, Runnable action) {
        String out = "/tmp/sluice-it-ping-" + UUID.randomUUID() + ".txt";
        try {
            onHost(host, "ping -i 0.01 -c " + count + " " + dst + " > " + out + " 2>&1 &");
            Wait.until("100 replies", Duration.ofSeconds(10), () -> {
                String n = onHost(host, "grep -c 'bytes from' " + out).trim();
                return n.matches("\\d+") && Integer.parseInt(n) >= 100;
            });
            action.run();
            onHost(host, "wait");
            return Ping.parse(onHost(host, "tail -3 " + out));
        } finally {
            onHost(host, "rm -f " + out);
        }
    }

    /** Mininet's pingAll (one ping each way between every pair of hosts); returns the loss in percent. */
    public double pingAll(Duration timeout) {
        return call(JSON.createObjectNode().put("cmd", "pingall").put("timeout", Math.max(1, timeout.toSeconds())))
                .path("loss").asDouble();
    }

    /** The host's name, MAC, IP, switch and port as the driver reported them. */
    public JsonNode host(String name) {
        return hosts().stream().filter(h -> h.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no host " + name));
    }

    private JsonNode call(ObjectNode command) {
        try {
            stdin.write(JSON.writeValueAsString(command) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException("fabric driver is gone", e);
        }
        JsonNode reply = next(COMMAND_LIMIT);
        if (!reply.path("ok").asBoolean()) {
            throw new IllegalStateException("fabric driver refused " + command + ": " + reply);
        }
        return reply;
    }

    private JsonNode next(Duration limit) {
        try {
            String line = lines.poll(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) {
                throw new IllegalStateException("no answer from the fabric driver within " + limit
                        + (process.isAlive() ? "" : " (it exited " + process.exitValue() + ")"));
            }
            return JSON.readTree(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (IOException e) {
            throw new IllegalStateException("fabric driver said something that is not JSON", e);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** Tears the fabric down: asks the driver to stop, then TERM, and only then KILL. */
    @Override
    public void close() {
        try {
            stdin.write("{\"cmd\": \"stop\"}\n");
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
