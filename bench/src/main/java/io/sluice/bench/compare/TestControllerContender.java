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
 * Open vSwitch's test controller (C, Debian's openvswitch-testcontroller): a learning switch that
 * answers a packet-in for a known destination with a FLOW_MOD (exact match, idle 60 s) and a
 * PACKET_OUT, and floods otherwise. It does no link discovery. In the flowmods mode it pushes a
 * file of rules to every switch at connect ({@code --with-flows}).
 */
public final class TestControllerContender implements Contender {
    private static final String BIN = "/usr/bin/ovs-testcontroller";

    @Override
    public String name() {
        return "ovs-testcontroller";
    }

    @Override
    public String version() {
        return Versions.firstLine(BIN, "--version");
    }

    private List<String> command(String mode, Path flows) {
        List<String> c = new ArrayList<>(List.of(BIN, "-O", "OpenFlow13", "ptcp:" + port() + ":127.0.0.1"));
        if (flows != null) {
            c.add("--with-flows");
            c.add(flows.toString());
        }
        return c;
    }

    @Override
    public String options(String mode) {
        return String.join(" ", command(mode, mode.equals("flowmods") ? Path.of("FLOWS") : null));
    }

    @Override
    public Optional<String> unsupported(String mode) {
        if (!Files.isExecutable(Path.of(BIN))) {
            return Optional.of("not installed (apt-get install openvswitch-testcontroller)");
        }
        return mode.equals("discovery") ? Optional.of("does no link discovery (it sends no LLDP)") : Optional.empty();
    }

    @Override
    public int port() {
        return 6654;
    }

    @Override
    public boolean hasRest() {
        return false;
    }

    @Override
    public ControllerProcess start(String mode, Path dir, int rulesPerSwitch) throws IOException, InterruptedException {
        Path flows = null;
        if (mode.equals("flowmods")) {
            flows = dir.resolve("testcontroller-flows.txt");
            StringBuilder f = new StringBuilder();
            for (int i = 0; i < rulesPerSwitch; i++) {
                f.append("priority=").append(1000 + i).append(",tcp,tp_dst=").append(20_000 + i).append(",actions=output:1\n");
            }
            Files.writeString(flows, f);
        }
        return ControllerProcess.start(name(), command(mode, flows), dir, Map.of(), port(), Duration.ofSeconds(20));
    }

    @Override
    public long pushedFlowMods(int switches, int rulesPerSwitch) {
        return (long) switches * rulesPerSwitch;
    }
}
