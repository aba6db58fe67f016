package io.sluice.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparison's table: per mode and controller, the median and spread over rounds of the mode's
 * figures, what the controller sent per packet-in, its CPU per answer, and Sluice's ratio to each
 * peer on the headline figure.
 */
final class CompareReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CompareReport() {
    }

    /** A mode's headline figure: how to read it from a run, its unit, and whether more is better. */
    private record Figure(String name, String unit, boolean moreIsBetter, ToDoubleFunction<JsonNode> read) {
    }

    private static List<Figure> figures(String mode) {
        return switch (mode) {
            case "throughput" -> List.of(new Figure("answers/s", "", true, r -> r.path("answersPerSecond").asDouble()),
                    new Figure("p99", "ms", false, r -> r.path("p99Micros").asDouble() / 1000));
            case "latency" -> List.of(new Figure("p50", "ms", false, r -> r.path("p50Micros").asDouble() / 1000),
                    new Figure("p99", "ms", false, r -> r.path("p99Micros").asDouble() / 1000),
                    new Figure("p99.9", "ms", false, r -> r.path("p999Micros").asDouble() / 1000),
                    new Figure("answers/s", "", true, r -> r.path("answersPerSecond").asDouble()));
            case "discovery" -> List.of(new Figure("every link probed", "s", false, r -> r.path("probedSeconds").asDouble()),
                    new Figure("listed over REST", "s", false, r -> r.path("listedSeconds").isNumber()
                            ? r.path("listedSeconds").asDouble() : Double.NaN));
            case "flowmods" -> List.of(new Figure("FLOW_MODs/s", "", true, r -> r.path("flowModsPerSecond").asDouble()),
                    new Figure("FLOW_MODs", "", true, r -> r.path("flowMods").asDouble()));
            default -> List.of();
        };
    }

    static String markdown(ObjectNode results, List<Contender> contenders, CompareMain.CompareOptions o) {
        StringBuilder md = new StringBuilder("# Sluice vs peers: OpenFlow 1.3 fabric emulator\n\n");
        JsonNode p = results.path("parameters");
        md.append(String.format(Locale.ROOT, "%s; emulated %s (%d switches), %d round(s), controllers in rotating order, "
                + "each started afresh for every run. Machine: %s.%n%n", results.path("started").asText(),
                p.path("fabric").asText(), p.path("switches").asInt(), o.rounds, results.path("machine").path("summary")
                        .asText()));
        for (Contender c : contenders) {
            JsonNode who = results.path("controllers").path(c.name());
            // One command line for all modes when they share it, else one per mode.
            java.util.Map<String, List<String>> modesByCommand = new java.util.LinkedHashMap<>();
            who.path("options").properties().forEach(m -> modesByCommand.computeIfAbsent(m.getValue().asText(),
                    k -> new ArrayList<>()).add(m.getKey()));
            List<String> how = new ArrayList<>();
            modesByCommand.forEach((command, modes) -> how.add((modesByCommand.size() == 1 ? "" : String.join(", ", modes)
                    + ": ") + (command.startsWith("n/a") ? command : "`" + command + "`")));
            md.append("- **").append(c.name()).append("**: ").append(who.path("version").asText())
                    .append(how.isEmpty() ? "" : "; " + String.join("; ", how)).append('\n');
        }
        md.append('\n');
        for (String mode : o.modes) {
            md.append("## ").append(mode).append("\n\n").append(describe(mode, o)).append("\n\n");
            List<Figure> figs = figures(mode);
            md.append("| controller |");
            figs.forEach(f -> md.append(' ').append(f.name()).append(f.unit().isEmpty() ? "" : " (" + f.unit() + ")")
                    .append(" |"));
            md.append(extraHeader(mode)).append("\n|---|");
            figs.forEach(f -> md.append("---|"));
            md.append(extraHeader(mode).replaceAll("[^|]+\\|", "---|")).append('\n');
            // Sluice's median first, whatever order --controllers gives: every peer's ratio is to it.
            double sluice = median(runs(results, mode, "sluice").stream()
                    .mapToDouble(r -> figs.get(0).read().applyAsDouble(r.path("result"))).sorted().toArray());
            List<String> ratios = new ArrayList<>();
            for (Contender c : contenders) {
                List<JsonNode> runs = runs(results, mode, c.name());
                if (c.unsupported(mode).isPresent() || runs.isEmpty()) {
                    String why = c.unsupported(mode).orElse(failures(results, mode, c.name()));
                    md.append("| ").append(c.name()).append(" | n/a: ").append(why).append(" |");
                    figs.stream().skip(1).forEach(f -> md.append(" |"));
                    md.append(extraHeader(mode).replaceAll("[^|]+\\|", " |")).append('\n');
                    continue;
                }
                md.append("| ").append(c.name()).append(runs.size() < o.rounds ? " (" + runs.size() + " of " + o.rounds
                        + " runs complete)" : "").append(" |");
                double[] medians = new double[figs.size()];
                for (int i = 0; i < figs.size(); i++) {
                    Figure f = figs.get(i);
                    double[] v = runs.stream().mapToDouble(r -> f.read().applyAsDouble(r.path("result"))).sorted().toArray();
                    medians[i] = median(v);
                    md.append(' ').append(spread(v)).append(" |");
                }
                md.append(extra(mode, runs)).append('\n');
                if (!c.name().equals("sluice") && !Double.isNaN(sluice) && medians[0] > 0) {
                    ratios.add(c.name() + " " + ratio(sluice, medians[0]));
                }
            }
            if (!ratios.isEmpty()) {
                Figure head = figs.get(0);
                md.append("\nSluice ÷ peer, medians of ").append(head.name()).append(" (")
                        .append(head.moreIsBetter() ? "more" : "less").append(" is better): ")
                        .append(String.join("; ", ratios)).append(".\n");
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static String describe(String mode, CompareMain.CompareOptions o) {
        return switch (mode) {
            case "throughput" -> "New-flow packet-ins (TCP SYNs of fresh flows to a host on the same leaf), " + o.window
                    + " outstanding per edge switch, " + o.seconds + " s measured after " + o.warmup + " s; the answer is "
                    + "the PACKET_OUT that releases the frame (the switches buffer nothing; a controller that confirms its "
                    + "rule with a barrier first is timed to the release). What each controller sends per packet-in "
                    + "differs and is given beside each figure; unanswered requests (a second without an answer) count in "
                    + "the percentiles at the time waited; CPU is the controller's own, per 10,000 answers.";
            case "latency" -> "As throughput with one packet-in outstanding per edge switch (cbench's latency mode): answer "
                    + "times from the packet-in's send.";
            case "discovery" -> "From the first switch connecting until every directed link has carried an LLDP probe of "
                    + "the controller (PACKET_OUT relayed as PACKET_IN: the earliest it can know the link); for Sluice also "
                    + "until its REST API lists every link.";
            case "flowmods" -> "FLOW_MODs a controller writes when asked: Sluice is given a policy of " + o.rules
                    + " rules over REST, which it compiles to table-0 entries on every edge port with a host; each peer "
                    + "pushes " + o.rules + " rules to every switch at connect (ovs-testcontroller --with-flows; the os-ken "
                    + "app). Every FLOW_MOD from the first to the last confirmed (barrier), over the whole fabric; a run "
                    + "counts only if every rule reached every place it belongs. The two are not the same task: Sluice "
                    + "compiles a policy and writes it in barrier-confirmed rounds, a peer replays a list; and a peer's "
                    + "time includes its switches' handshakes, which it does one after another. CPU: the controller's, "
                    + "from the request (Sluice) or the first connection (peers) until the writes stopped.";
            default -> "";
        };
    }

    private static String extraHeader(String mode) {
        return switch (mode) {
            case "throughput", "latency" -> " sent per packet-in | unanswered | controller CPU s per 10k answers |";
            case "discovery" -> " packet-outs |";
            case "flowmods" -> " controller CPU s while writing |";
            default -> "";
        };
    }

    private static String extra(String mode, List<JsonNode> runs) {
        JsonNode last = runs.get(runs.size() - 1);
        JsonNode r = last.path("result");
        return switch (mode) {
            case "throughput", "latency" -> {
                JsonNode per = r.path("perPacketIn");
                List<String> parts = new ArrayList<>();
                if (per.path("flowMods").asDouble() >= 0.01) {
                    parts.add(String.format(Locale.ROOT, "%.2f FLOW_MOD", per.path("flowMods").asDouble()));
                }
                if (per.path("packetOuts").asDouble() >= 0.01) {
                    parts.add(String.format(Locale.ROOT, "%.2f PACKET_OUT", per.path("packetOuts").asDouble()));
                }
                if (per.path("barriers").asDouble() >= 0.01) {
                    parts.add(String.format(Locale.ROOT, "%.2f BARRIER", per.path("barriers").asDouble()));
                }
                double[] cpu = runs.stream().filter(x -> x.path("controllerCpuSecondsInWindow").isNumber()
                        && x.path("result").path("answers").asLong() > 0)
                        .mapToDouble(x -> 10_000 * x.path("controllerCpuSecondsInWindow").asDouble()
                                / x.path("result").path("answers").asLong()).sorted().toArray();
                double[] lost = runs.stream().mapToDouble(x -> x.path("result").path("abandoned").asDouble()).sorted()
                        .toArray();
                yield " " + String.join(" + ", parts) + " | " + spread(lost) + " | " + spread(cpu) + " |";
            }
            case "discovery" -> " " + r.path("packetOuts").asLong() + " |";
            case "flowmods" -> " " + spread(runs.stream().mapToDouble(x -> x.path("controllerCpuSecondsInWindow")
                    .asDouble(Double.NaN)).filter(v -> !Double.isNaN(v)).sorted().toArray()) + " |";
            default -> "";
        };
    }

    private static List<JsonNode> runs(ObjectNode results, String mode, String controller) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode r : results.path("runs")) {
            if (r.path("mode").asText().equals(mode) && r.path("controller").asText().equals(controller)
                    && r.path("complete").asBoolean()) {
                out.add(r);
            }
        }
        return out;
    }

    private static String failures(ObjectNode results, String mode, String controller) {
        for (JsonNode r : results.path("runs")) {
            if (r.path("mode").asText().equals(mode) && r.path("controller").asText().equals(controller)) {
                return "no complete run (" + r.path("line").asText() + ")";
            }
        }
        return "not run";
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Median, and min-max when there is more than one value. */
    static String spread(double[] sorted) {
        if (sorted.length == 0 || Double.isNaN(median(sorted))) {
            return "-";
        }
        String m = number(median(sorted));
        return sorted.length == 1 ? m : m + " (" + number(sorted[0]) + "-" + number(sorted[sorted.length - 1]) + ")";
    }

    private static String number(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        return Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.3g", v);
    }

    private static String ratio(double sluice, double peer) {
        return String.format(Locale.ROOT, "%.2fx", sluice / peer);
    }

    /** The machine, for the report: CPU model, cores, kernel. */
    static ObjectNode machine() {
        ObjectNode m = JSON.createObjectNode();
        String cpu = "?";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (IOException e) {
            // not Linux: the model stays unknown
        }
        int cores = Runtime.getRuntime().availableProcessors();
        m.put("cpu", cpu).put("cores", cores).put("kernel", System.getProperty("os.version"))
                .put("java", System.getProperty("java.runtime.version"));
        m.put("summary", cores + " cores (" + cpu + "), Linux " + System.getProperty("os.version")
                + ", emulator and controller on the same cores");
        return m;
    }
}
