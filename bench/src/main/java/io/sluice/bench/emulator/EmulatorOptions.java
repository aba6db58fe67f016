package io.sluice.bench.emulator;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of the emulator's modes, checked up front so that a typo fails with a
 * message naming the option instead of a run that measures the wrong thing.
 */
public final class EmulatorOptions {
    public static final List<String> MODES = List.of("discovery", "throughput", "latency", "flowmods", "memory");
    private static final Set<String> KNOWN = Set.of("shape", "spines", "leaves", "hosts-per-leaf", "k", "hosts-per-edge",
            "controller", "rest", "token", "threads", "timeout", "window", "seconds", "warmup", "out", "rules",
            "table-capacity", "active-flow-pps", "expect-flowmods", "quiet-ms", "flows", "admin", "destinations", "rate", "host-leaves");

    private final Map<String, String> values;
    public final String mode;

    private EmulatorOptions(String mode, Map<String, String> values) {
        this.mode = mode;
        this.values = values;
    }

    /** Parses {@code mode --name value ...}; throws {@link IllegalArgumentException} naming what is wrong. */
    public static EmulatorOptions parse(String... args) {
        Map<String, String> out = new LinkedHashMap<>();
        String mode = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--")) {
                String name = a.substring(2);
                if (!KNOWN.contains(name)) {
                    throw new IllegalArgumentException("unknown option --" + name + " (known: " + String.join(", ",
                            KNOWN.stream().sorted().map(k -> "--" + k).toList()) + ")");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                out.put(name, args[++i]);
            } else if (mode == null) {
                mode = a;
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
        }
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException("mode must be one of " + MODES + (mode == null ? "" : ", got '" + mode + "'"));
        }
        EmulatorOptions o = new EmulatorOptions(mode, out);
        o.shape(); // fails early on a bad shape
        o.controller();
        o.sameSwitchDestinations();
        o.rate();
        return o;
    }

    /** The same options with {@code name} set to {@code value}. */
    public EmulatorOptions with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(name, value);
        return new EmulatorOptions(mode, copy);
    }

    public EmulatorOptions withMode(String m) {
        return new EmulatorOptions(m, values);
    }

    public FabricShape shape() {
        String kind = string("shape", "leaf-spine");
        return switch (kind) {
            case "leaf-spine" -> FabricShape.leafSpine(number("spines", 4), number("leaves", 12), number("hosts-per-leaf", 2),
                    number("host-leaves", number("leaves", 12)));
            case "fat-tree" -> FabricShape.fatTree(number("k", 4), number("hosts-per-edge", 2));
            default -> throw new IllegalArgumentException("--shape: leaf-spine or fat-tree, got '" + kind + "'");
        };
    }

    public InetSocketAddress controller() {
        String hp = string("controller", "127.0.0.1:6653");
        int colon = hp.lastIndexOf(':');
        try {
            return new InetSocketAddress(hp.substring(0, colon), Integer.parseInt(hp.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--controller: want host:port, got '" + hp + "'");
        }
    }

    /** Sluice's REST base URL, or null with {@code --rest none} (a peer without one). */
    public String rest() {
        String r = string("rest", "http://127.0.0.1:8080");
        return r.equals("none") ? null : r;
    }

    /** Sluice's admin base URL (garbage collection and heap gauges, for the memory mode). */
    public String admin() {
        return string("admin", "http://127.0.0.1:8081");
    }

    /** Flows the memory mode has the controller hold before it reads the heap. */
    public int flows() {
        return positive("flows", 100_000);
    }

    public String token() {
        return string("token", System.getenv().getOrDefault("SLUICE_TOKEN", ""));
    }

    public int threads() {
        return positive("threads", 2);
    }

    public int timeoutSeconds() {
        return positive("timeout", 120);
    }

    /** Requests outstanding per edge switch: 1 in the latency mode. */
    public int window() {
        return mode.equals("latency") ? 1 : positive("window", 32);
    }

    /** New flows go to a host on the sender's switch ({@code same-switch}, the default) or another's. */
    public boolean sameSwitchDestinations() {
        String d = string("destinations", "same-switch");
        return switch (d) {
            case "same-switch" -> true;
            case "other-switch" -> false;
            default -> throw new IllegalArgumentException("--destinations: same-switch or other-switch, got '" + d + "'");
        };
    }

    /** New flows a second on a fixed schedule (open loop) in the latency mode; 0: one outstanding per switch. */
    public int rate() {
        if (!mode.equals("latency") && values.containsKey("rate")) {
            throw new IllegalArgumentException("--rate is for the latency mode (throughput keeps a window per switch)");
        }
        return number("rate", 0);
    }

    public int seconds() {
        return positive("seconds", 10);
    }

    public int warmupSeconds() {
        return number("warmup", 3);
    }

    public String out() {
        return string("out", "bench/target/emulator-" + mode + ".json");
    }

    /** Policy rules the flowmods mode asks Sluice to apply. */
    public int rules() {
        return positive("rules", 1000);
    }

    public int tableCapacity() {
        return positive("table-capacity", FabricEmulator.DEFAULT_TABLE_CAPACITY);
    }

    /** Packets a second each per-flow rule counts; the memory mode keeps its flows alive with 1 by default. */
    public long activeFlowPps() {
        return number("active-flow-pps", mode.equals("memory") ? 1 : 0);
    }

    /** FLOW_MODs a peer pushes by itself at connect (the flowmods mode without REST), 0 if unknown. */
    public long expectFlowMods() {
        return number("expect-flowmods", 0);
    }

    /** How long without a FLOW_MOD counts as the controller having finished writing. */
    public int quietMillis() {
        return positive("quiet-ms", 2000);
    }

    private String string(String name, String dflt) {
        return values.getOrDefault(name, dflt);
    }

    private int number(String name, int dflt) {
        String v = values.get(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException("--" + name + ": must not be negative, got " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": want a whole number, got '" + v + "'");
        }
    }

    private int positive(String name, int dflt) {
        int n = number(name, dflt);
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + ": must be at least 1, got " + n);
        }
        return n;
    }

    static String usage() {
        return """
                usage: EmulatorMain discovery|throughput|latency|flowmods|memory [options]
                  fabric:   --shape leaf-spine (--spines 4 --leaves 12 --hosts-per-leaf 2 [--host-leaves N: hosts on the first N leaves only])
                            --shape fat-tree (--k 4 --hosts-per-edge 2)
                  target:   --controller 127.0.0.1:6653  --rest http://127.0.0.1:8080 | none  --token T (or SLUICE_TOKEN)
                  load:     --window 32 (per edge switch; latency: 1)  --seconds 10  --warmup 3
                            --destinations same-switch | other-switch
                            --rate R (latency: R new flows/s on a fixed schedule, open loop, instead of 1 outstanding)
                  flowmods: --rules 1000 (Sluice: policy rules applied over REST)
                            --expect-flowmods N (a peer that pushes N FLOW_MODs itself at connect)  --quiet-ms 2000
                  memory:   --flows 100000 (new flows kept alive before the heap is read)  --admin http://127.0.0.1:8081
                  switches: --table-capacity 1000000  --active-flow-pps 0 (packets/s each per-flow rule counts)
                  other:    --threads 2  --timeout 120  --out bench/target/emulator-<mode>.json
                """;
    }
}
