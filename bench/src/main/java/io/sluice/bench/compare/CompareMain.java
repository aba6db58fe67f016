package io.sluice.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.bench.emulator.EmulatorMain;
import io.sluice.bench.emulator.EmulatorModes;
import io.sluice.bench.emulator.EmulatorOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./sluice bench compare}: the emulator's modes against Sluice and two peers in one run.
 * Every (mode, controller) run starts that controller afresh on its own loopback port, runs the
 * mode, and stops it; rounds rotate the controllers' order, so that no controller always goes first
 * (a warming JIT in the emulator) or last. Prints each figure, the median and spread over rounds,
 * every controller's messages per packet-in and CPU per answer, and Sluice's ratio to each peer;
 * writes results.json and report.md.
 */
public final class CompareMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompareMain() {
    }

    public static void main(String[] args) throws Exception {
        CompareOptions o;
        try {
            o = CompareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench compare: " + e.getMessage());
            System.err.print(CompareOptions.USAGE);
            System.exit(2);
            return;
        }
        if (o.help) {
            System.out.print(CompareOptions.USAGE);
            return;
        }
        Path root = o.root;
        Map<String, Contender> all = new LinkedHashMap<>();
        all.put("sluice", new SluiceContender(root.resolve("controller/server/target/sluice.jar"), root.resolve("config.yml")));
        all.put("ovs-testcontroller", new TestControllerContender());
        all.put("os-ken", new OsKenContender(root.resolve("bench/peers/osken_learning_switch.py")));
        if (o.report != null) {
            // The report of a finished run again, from its results.json (no controller is started).
            ObjectNode saved = (ObjectNode) JSON.readTree(o.report.toFile());
            o.rounds = saved.path("rounds").asInt(o.rounds);
            List<String> modes = new ArrayList<>();
            saved.path("parameters").path("modes").forEach(m -> modes.add(m.asText()));
            o.modes = modes;
            List<Contender> were = new ArrayList<>();
            saved.path("controllers").properties().forEach(e -> were.add(all.get(e.getKey())));
            System.out.print(CompareReport.markdown(saved, were, o));
            return;
        }
        List<Contender> contenders = new ArrayList<>();
        for (String n : o.controllers) {
            Contender c = all.get(n);
            if (c == null) {
                System.err.println("bench compare: unknown controller '" + n + "' (known: " + all.keySet() + ")");
                System.exit(2);
            }
            contenders.add(c);
        }
        String stamp = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        Path dir = o.results != null ? o.results : root.resolve("results").resolve("bench-compare-" + stamp);
        Files.createDirectories(dir);

        // Ctrl-C or TERM stops the controller we started, by pid, also while it is still starting.
        Thread stopper = new Thread(ControllerProcess::stopAll);
        Runtime.getRuntime().addShutdownHook(stopper);

        ObjectNode results = JSON.createObjectNode().put("started", stamp).put("rounds", o.rounds);
        results.set("machine", CompareReport.machine());
        ObjectNode who = results.putObject("controllers");
        for (Contender c : contenders) {
            ObjectNode n = who.putObject(c.name()).put("version", c.version()).put("port", c.port());
            ObjectNode opts = n.putObject("options");
            for (String m : o.modes) {
                opts.put(m, c.unsupported(m).map(why -> "n/a: " + why).orElse(c.options(m)));
            }
        }
        results.set("parameters", JSON.valueToTree(o.describe()));
        ArrayNode runs = results.putArray("runs");
        System.out.printf("bench compare: %s, %d round(s), modes %s; results in %s%n", contenders.stream()
                .map(c -> c.name() + " (" + c.version() + ")").toList(), o.rounds, o.modes, dir);
        for (int round = 1; round <= o.rounds; round++) {
            for (String mode : o.modes) {
                List<Contender> order = rotate(contenders, round - 1);
                for (Contender c : order) {
                    if (c.unsupported(mode).isPresent()) {
                        continue;
                    }
                    ObjectNode run = runOne(o, c, mode, round, dir);
                    runs.add(run);
                    System.out.printf("  round %d, %-18s %s%n", round, c.name() + ":", run.path("line").asText());
                    Files.writeString(dir.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(results));
                }
            }
        }
        Runtime.getRuntime().removeShutdownHook(stopper);
        String report = CompareReport.markdown(results, contenders, o);
        Files.writeString(dir.resolve("report.md"), report);
        Files.writeString(dir.resolve("results.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(results));
        System.out.println();
        System.out.println(report);
        System.out.println("Results: " + dir + " (results.json, report.md, one log per controller run)");
    }

    private static ObjectNode runOne(CompareOptions o, Contender c, String mode, int round, Path dir)
            throws Exception {
        ObjectNode run = JSON.createObjectNode().put("round", round).put("mode", mode).put("controller", c.name());
        Path runDir = Files.createDirectories(dir.resolve(String.format("%02d-%s-%s", round, mode, c.name())));
        EmulatorOptions eo = o.emulatorOptions(mode, c);
        try (ControllerProcess p = c.start(mode, runDir, o.rules)) {
            double[] cpu = new double[2];
            double before = p.cpuSeconds();
            EmulatorModes.Result r = EmulatorMain.run(eo, new EmulatorModes.Window() {
                @Override
                public void opened() {
                    cpu[0] = p.cpuSeconds();
                }

                @Override
                public void closed() {
                    cpu[1] = p.cpuSeconds();
                }
            });
            run.set("result", r.json());
            run.put("complete", r.complete()).put("line", r.line());
            run.put("controllerCpuSeconds", p.cpuSeconds() - before);
            if (cpu[1] > 0) {
                run.put("controllerCpuSecondsInWindow", cpu[1] - cpu[0]);
            }
        } catch (Exception e) {
            run.put("complete", false).put("line", "FAILED: " + e.getMessage()).put("error", String.valueOf(e));
        }
        return run;
    }

    private static <T> List<T> rotate(List<T> list, int by) {
        List<T> out = new ArrayList<>(list);
        java.util.Collections.rotate(out, -by % Math.max(1, list.size()));
        return out;
    }

    /** The comparison's options (see {@link #USAGE}). */
    static final class CompareOptions {
        static final String USAGE = """
                usage: ./sluice bench compare [options]
                  --rounds 3                      runs of each mode per controller (the report gives the median and spread)
                  --modes throughput,latency,discovery,flowmods
                  --controllers sluice,ovs-testcontroller,os-ken
                  --spines 4 --leaves 12 --hosts-per-leaf 2   the emulated leaf-spine of every mode
                  --seconds 10 --warmup 3 --window 32         new-flow load: measured seconds, warm-up, outstanding per edge switch
                  --rules 1000                    flowmods: policy rules for Sluice, rules per switch for the peers
                  --results DIR                   default results/bench-compare-<UTC time>
                  --report DIR/results.json       print the report of a finished run again (starts nothing)
                """;
        final Path root = Path.of("").toAbsolutePath();
        int rounds = 3;
        List<String> modes = List.of("throughput", "latency", "discovery", "flowmods");
        List<String> controllers = List.of("sluice", "ovs-testcontroller", "os-ken");
        int spines = 4;
        int leaves = 12;
        int hostsPerLeaf = 2;
        int seconds = 10;
        int warmup = 3;
        int window = 32;
        int rules = 1000;
        int timeout = 120;
        Path results;
        Path report;
        boolean help;

        static CompareOptions parse(String[] args) {
            CompareOptions o = new CompareOptions();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    o.help = true;
                    continue;
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument '" + a + "'");
                }
                String v = args[++i];
                switch (a) {
                    case "--rounds" -> o.rounds = positive(a, v);
                    case "--modes" -> o.modes = list(a, v, EmulatorOptions.MODES.subList(0, 4));
                    case "--controllers" -> o.controllers = Arrays.asList(v.split(","));
                    case "--spines" -> o.spines = positive(a, v);
                    case "--leaves" -> o.leaves = positive(a, v);
                    case "--hosts-per-leaf" -> o.hostsPerLeaf = positive(a, v);
                    case "--seconds" -> o.seconds = positive(a, v);
                    case "--warmup" -> o.warmup = positive(a, v);
                    case "--window" -> o.window = positive(a, v);
                    case "--rules" -> o.rules = positive(a, v);
                    case "--timeout" -> o.timeout = positive(a, v);
                    case "--results" -> o.results = Path.of(v).toAbsolutePath();
                    case "--report" -> o.report = Path.of(v).toAbsolutePath();
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.hostsPerLeaf < 2 && (o.modes.contains("throughput") || o.modes.contains("latency"))) {
                throw new IllegalArgumentException("--hosts-per-leaf: new flows go between two hosts of a leaf: 2 or more");
            }
            return o;
        }

        private static int positive(String name, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": want a whole number of 1 or more, got '" + v + "'");
            }
        }

        private static List<String> list(String name, String v, List<String> known) {
            List<String> out = Arrays.asList(v.split(","));
            for (String m : out) {
                if (!known.contains(m)) {
                    throw new IllegalArgumentException(name + ": " + m + " is not one of " + known);
                }
            }
            return out;
        }

        EmulatorOptions emulatorOptions(String mode, Contender c) {
            List<String> a = new ArrayList<>(List.of(mode, "--shape", "leaf-spine", "--spines", "" + spines, "--leaves",
                    "" + leaves, "--hosts-per-leaf", "" + hostsPerLeaf, "--controller", "127.0.0.1:" + c.port(),
                    "--seconds", "" + seconds, "--warmup", "" + warmup, "--window", "" + window, "--rules", "" + rules,
                    "--timeout", "" + timeout, "--token", SluiceContender.TOKEN));
            if (!c.hasRest()) {
                a.addAll(List.of("--rest", "none"));
                if (mode.equals("flowmods")) {
                    a.addAll(List.of("--expect-flowmods", "" + c.pushedFlowMods(spines + leaves, rules)));
                }
            }
            return EmulatorOptions.parse(a.toArray(String[]::new));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("fabric", "leaf-spine " + spines + "x" + leaves + "x" + hostsPerLeaf);
            m.put("switches", spines + leaves);
            m.put("seconds", seconds);
            m.put("warmup", warmup);
            m.put("window", window);
            m.put("rules", rules);
            m.put("modes", modes);
            return m;
        }
    }
}
