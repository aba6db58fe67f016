package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * os-ken (Python, Debian's python3-os-ken; Ryu's maintained fork) running the project's minimal
 * learning switch ({@code bench/peers/osken_learning_switch.py}: one PACKET_OUT per packet-in). For
 * discovery, os-ken's own topology app runs beside it with {@code --observe-links} (LLDP); for
 * flowmods, the app pushes the rules at connect.
 */
public final class OsKenContender implements Contender {
    private static final String BIN = "/usr/bin/osken-manager";
    private final Path app;

    public OsKenContender(Path app) {
        this.app = app;
    }

    @Override
    public String name() {
        return "os-ken";
    }

    @Override
    public String version() {
        return Versions.firstLine(BIN, "--version") + " on " + Versions.firstLine("/usr/bin/python3", "--version");
    }

    private List<String> command(String mode) {
        List<String> c = new ArrayList<>(List.of(BIN, "--ofp-listen-host", "127.0.0.1", "--ofp-tcp-listen-port",
                Integer.toString(port())));
        if (mode.equals("discovery")) {
            c.add("--observe-links");
            c.add("os_ken.topology.switches");
        }
        c.add(app.toString());
        return c;
    }

    @Override
    public String options(String mode) {
        return (mode.equals("flowmods") ? "SLUICE_BENCH_FLOWMODS=K " : "") + String.join(" ", command(mode));
    }

    @Override
    public Optional<String> unsupported(String mode) {
        if (!Files.isExecutable(Path.of(BIN))) {
            return Optional.of("not installed (apt-get install python3-os-ken)");
        }
        if (!Files.isRegularFile(app)) {
            return Optional.of("its app " + app + " is missing");
        }
        return Optional.empty();
    }

    @Override
    public int port() {
        return 6655;
    }

    @Override
    public boolean hasRest() {
        return false;
    }

    @Override
    public ControllerProcess start(String mode, Path dir, int rulesPerSwitch) throws IOException, InterruptedException {
        Map<String, String> env = mode.equals("flowmods") ? Map.of("SLUICE_BENCH_FLOWMODS", Integer.toString(rulesPerSwitch))
                : Map.of();
        // osken-manager ignores TERM (its event loop swallows it) and stops on INT, as on Ctrl-C.
        return ControllerProcess.start(name(), command(mode), dir, env, port(), Duration.ofSeconds(30), "INT");
    }

    @Override
    public long pushedFlowMods(int switches, int rulesPerSwitch) {
        return (long) switches * (rulesPerSwitch + 1); // and its table-miss entry
    }
}
