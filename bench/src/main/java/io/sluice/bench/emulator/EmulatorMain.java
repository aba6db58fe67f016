package io.sluice.bench.emulator;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The fabric emulator from the command line, against a running controller: connects an emulated
 * fabric and runs one mode ({@link EmulatorModes}), prints one line and writes JSON.
 *
 * <ul>
 * <li>{@code discovery}: from the first switch connecting until every link has carried a probe and,
 *     with {@code --rest}, until Sluice lists every link;
 * <li>{@code throughput} / {@code latency}: after discovery (with {@code --rest}) or the handshakes,
 *     new-flow packet-ins with a window per edge switch (1 for latency), answers per second and times;
 * <li>{@code flowmods}: FLOW_MODs per second a controller writes when asked;
 * <li>{@code memory}: Sluice's heap with the fabric and {@code --flows} flows alive.
 * </ul>
 * Options: {@link EmulatorOptions#usage()}.
 */
public final class EmulatorMain {
    private EmulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            System.out.print(EmulatorOptions.usage());
            return;
        }
        EmulatorOptions o;
        try {
            o = EmulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("emulator: " + e.getMessage());
            System.err.print(EmulatorOptions.usage());
            System.exit(2);
            return;
        }
        EmulatorModes.Result r = run(o);
        Path out = Path.of(o.out());
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, EmulatorModes.toJson(r.json()));
        System.out.println(r.line() + "; " + out);
        if (!r.complete()) {
            System.exit(1);
        }
    }

    /** Connects the fabric of {@code o}, runs its mode and disconnects. */
    public static EmulatorModes.Result run(EmulatorOptions o) throws Exception {
        return run(o, EmulatorModes.Window.NONE);
    }

    /** As {@link #run(EmulatorOptions)}, telling {@code window} when a new-flow or flowmods mode measures. */
    public static EmulatorModes.Result run(EmulatorOptions o, EmulatorModes.Window window) throws Exception {
        SluiceRest rest = o.rest() == null ? null : new SluiceRest(o.rest(), o.admin(), o.token());
        if (rest == null && o.mode.equals("flowmods")) {
            window.opened(); // a peer writes its rules as its switches connect: its work starts with them
        }
        try (FabricEmulator fabric = FabricEmulator.connect(o.shape(), o.controller(), o.threads(), o.tableCapacity(),
                o.activeFlowPps())) {
            if (o.mode.equals("discovery")) {
                return EmulatorModes.discovery(fabric, o, rest);
            }
            // Sluice routes between hosts it has placed on a discovered fabric: discover first. A peer
            // needs only its switches connected.
            if (rest != null) {
                EmulatorModes.Result found = EmulatorModes.discovery(fabric, o, rest);
                if (!found.complete()) {
                    return found;
                }
            } else if (!EmulatorModes.waitForHandshakes(fabric, o.timeoutSeconds())) {
                throw new IllegalStateException("only " + fabric.switchesHandshaken() + " of "
                        + fabric.shape().switches().size() + " switches got a FEATURES_REQUEST within "
                        + o.timeoutSeconds() + " s: is the controller listening on " + o.controller() + "?");
            }
            return switch (o.mode) {
                case "throughput", "latency" -> EmulatorModes.newFlows(fabric, o, rest, window);
                case "flowmods" -> EmulatorModes.flowMods(fabric, o, rest, window);
                case "memory" -> EmulatorModes.memory(fabric, o, rest);
                default -> throw new IllegalArgumentException("mode " + o.mode);
            };
        }
    }
}
