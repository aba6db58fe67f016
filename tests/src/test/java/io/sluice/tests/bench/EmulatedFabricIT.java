package io.sluice.tests.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.bench.emulator.EmulatorModes;
import io.sluice.bench.emulator.EmulatorOptions;
import io.sluice.bench.emulator.FabricEmulator;
import io.sluice.bench.emulator.FabricShape;
import io.sluice.bench.emulator.HostFrames;
import io.sluice.bench.emulator.SluiceRest;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.Wait;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's fabric emulator against Sluice, small: 16 emulated OpenFlow 1.3 switches (4
 * spines, 12 leaves, 2 host ports each) connect, Sluice discovers every link by LLDP through the
 * emulator's relay, learns the emulated hosts from their ARP, and answers new-flow packet-ins. Counts
 * are asserted, not speeds (those are the benchmark's).
 */
class EmulatedFabricIT {
    private static final Logger log = LoggerFactory.getLogger(EmulatedFabricIT.class);

    @Test
    void sluiceDiscoversTheEmulatedFabricAndAnswersNewFlows() throws Exception {
        FabricShape shape = FabricShape.leafSpine(4, 12, 2);
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                FabricEmulator fabric = FabricEmulator.connect(shape,
                        new InetSocketAddress("127.0.0.1", controller.openFlowPort()), 2)) {
            Wait.until("16 switches connected", Duration.ofSeconds(20), () -> controller.switches().size() == 16);
            Duration found = Wait.until("all " + shape.directedLinks() + " links discovered", Duration.ofSeconds(30),
                    () -> controller.links().size() == shape.directedLinks());
            log.info("emulated {}: all links known {} ms after the wait began", shape, found.toMillis());

            List<FabricShape.SwitchPort> hosts = shape.hostPorts();
            for (int n = 0; n < hosts.size(); n++) {
                int other = (n + 1) % hosts.size();
                fabric.sendFromHost(hosts.get(n), HostFrames.arpRequest(HostFrames.mac(n), HostFrames.ip(n),
                        HostFrames.ip(other)));
            }
            Wait.until("all " + hosts.size() + " emulated hosts known", Duration.ofSeconds(10),
                    () -> controller.hosts().size() == hosts.size());
            Wait.until("every host port sends new IPv4 flows up (the controller classifies them)", Duration.ofSeconds(10),
                    () -> fabric.portsSendingIpv4Up() == hosts.size());

            // New flows between hosts on different leaves: every packet-in gets an answer.
            long before = fabric.packetOuts() + fabric.flowMods();
            int flows = 200;
            for (int i = 0; i < flows; i++) {
                int a = i % hosts.size();
                int b = (a + 3) % hosts.size();
                fabric.sendFromHost(hosts.get(a), HostFrames.tcpSyn(HostFrames.mac(a), HostFrames.mac(b),
                        HostFrames.ip(a), HostFrames.ip(b), 20_000 + i, 80));
            }
            Wait.until("an answer to each of " + flows + " new-flow packet-ins", Duration.ofSeconds(10),
                    () -> fabric.packetOuts() + fabric.flowMods() - before >= flows);
            // They came up through each edge port's "IPv4 to the controller" rule, as on a real switch, and
            // the controller classified each one itself.
            Wait.until("every new flow admitted", Duration.ofSeconds(10),
                    () -> controller.frames("flowsAdmitted") >= flows);
            assertThat(controller.get("/api/v1/flows").body().get("flows")).hasSizeGreaterThanOrEqualTo(flows);
            log.info("emulated {}: {} packet-ins sent, {} flow-mods and {} packet-outs received", shape,
                    fabric.packetIns(), fabric.flowMods(), fabric.packetOuts());
            assertThat(controller.switches()).hasSize(16);
        }
    }

    /**
     * The emulator's tables against Sluice's statistics and policy writes: 600 flows admitted on one
     * switch, whose per-flow rules each count traffic, are all read back with their bytes (the flow
     * statistics reply comes in several parts, REPLY_MORE, as a real switch's would) and none is taken
     * for expired; then the flowmods mode applies a 40-rule policy and every rule reaches every host port.
     */
    @Test
    void sluiceReadsTheEmulatedCountersAndWritesAPolicyToEveryHostPort() throws Exception {
        FabricShape shape = FabricShape.leafSpine(2, 4, 2);
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                FabricEmulator fabric = FabricEmulator.connect(shape,
                        new InetSocketAddress("127.0.0.1", controller.openFlowPort()), 2,
                        FabricEmulator.DEFAULT_TABLE_CAPACITY, 20)) {
            Wait.until("all " + shape.directedLinks() + " links discovered", Duration.ofSeconds(30),
                    () -> controller.links().size() == shape.directedLinks());
            List<FabricShape.SwitchPort> hosts = shape.hostPorts();
            for (int n = 0; n < hosts.size(); n++) {
                fabric.sendFromHost(hosts.get(n), HostFrames.arpRequest(HostFrames.mac(n), HostFrames.ip(n),
                        HostFrames.ip((n + 1) % hosts.size())));
            }
            Wait.until("all hosts known", Duration.ofSeconds(10), () -> controller.hosts().size() == hosts.size());
            Wait.until("host ports send new IPv4 flows up", Duration.ofSeconds(10),
                    () -> fabric.portsSendingIpv4Up() == hosts.size());

            int flows = 600; // about 150 bytes of flow statistics each: more than one 64 KiB reply
            for (int i = 0; i < flows; i++) {
                fabric.sendFromHost(hosts.get(0), HostFrames.tcpSyn(HostFrames.mac(0), HostFrames.mac(1),
                        HostFrames.ip(0), HostFrames.ip(1), 30_000 + i, 80));
            }
            Wait.until("every new flow admitted", Duration.ofSeconds(20),
                    () -> controller.frames("flowsAdmitted") >= flows);
            assertThat(fabric.perFlowEntries()).isEqualTo(flows);
            Wait.until("every flow's bytes read back from the switch", Duration.ofSeconds(15), () -> {
                JsonNode listed = controller.get("/api/v1/flows").body().get("flows");
                int counted = 0;
                for (JsonNode f : listed) {
                    counted += f.path("bytes").asLong() > 0 ? 1 : 0;
                }
                return counted == flows;
            });
            assertThat(controller.get("/api/v1/flows").body().get("flows")).hasSize(flows);

            SluiceRest rest = new SluiceRest("http://127.0.0.1:" + controller.httpPort(), "http://127.0.0.1:1",
                    ControllerUnderTest.POLICY_TOKEN);
            EmulatorModes.Result written = EmulatorModes.flowMods(fabric,
                    EmulatorOptions.parse("flowmods", "--rules", "40", "--quiet-ms", "1000", "--timeout", "30"), rest,
                    EmulatorModes.Window.NONE);
            log.info("emulated {}: {}", shape, written.line());
            assertThat(written.complete()).isTrue();
            assertThat(written.json().get("flowMods").asLong()).isGreaterThanOrEqualTo(40L * hosts.size());
            // Each rule is one table-0 entry on each host port, and the switches hold every one of them.
            assertThat(written.json().get("ruleEntriesHeld").asLong()).isEqualTo(40L * hosts.size());
        }
    }
}
