package io.sluice.bench.emulator;

/**
 * Policy documents the flowmods mode applies to Sluice: the default classes and {@code k} port
 * rules, each its own priority and destination port, classes in turn, so that every rule becomes
 * its own table-0 entry on every edge port with a host.
 */
public final class BenchPolicy {
    /** Rule i matches TCP destination port FIRST_PORT + i (peers' pushed rules use the same ports). */
    public static final int FIRST_PORT = 20_000;

    private BenchPolicy() {
    }

    /** A valid policy with {@code k} rules (1..40,000: ports 20000.. and priorities 1000.. stay in range). */
    public static String withRules(int k) {
        if (k < 1 || k > 40_000) {
            throw new IllegalArgumentException("--rules: 1 to 40000, got " + k);
        }
        StringBuilder y = new StringBuilder("""
                classes:
                  CONTROL:     {dscp: 48, queue: 0, minSharePercent: 2,  maxSharePercent: 5,   scheduling: STRICT,    route: SHORTEST}
                  INFERENCE:   {dscp: 34, queue: 1, minSharePercent: 20, maxSharePercent: 50,  scheduling: STRICT,    route: LOWEST_LATENCY}
                  TRAINING:    {dscp: 26, queue: 2, minSharePercent: 40, maxSharePercent: 100, scheduling: WEIGHTED,  route: SPREAD}
                  BEST_EFFORT: {dscp: 0,  queue: 3, minSharePercent: 10, maxSharePercent: 100, scheduling: WEIGHTED,  route: SHORTEST}
                  ARCHIVAL:    {dscp: 8,  queue: 4, minSharePercent: 5,  maxSharePercent: 100, scheduling: SCAVENGER, route: LEAST_UTILISED}
                defaultClass: BEST_EFFORT
                rules:
                """);
        String[] classes = {"INFERENCE", "TRAINING", "ARCHIVAL", "CONTROL"};
        for (int i = 0; i < k; i++) {
            y.append("  - {id: bench-").append(i).append(", priority: ").append(1000 + i).append(", class: ")
                    .append(classes[i % classes.length]).append(", match: {proto: tcp, dstPorts: ").append(FIRST_PORT + i)
                    .append("}}\n");
        }
        return y.toString();
    }
}
