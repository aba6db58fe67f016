package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real Open vSwitch bridge connects: it is listed with every port and gets the base pipeline. */
class SwitchConnectsIT {
    private static final long DPID = 0x51c0_0001L;
    private static ControllerUnderTest controller;
    private static OvsBridge bridge;

    @BeforeAll
    static void connect() {
        controller = ControllerUnderTest.start();
        bridge = OvsBridge.create("slconn", DPID, "OpenFlow13", controller.controllerTarget());
        bridge.addPort("a");
        bridge.addPort("b");
        Wait.until("the bridge is listed with its two ports and LOCAL", Duration.ofSeconds(10),
                () -> controller.switchView(DPID).map(s -> s.get("ports").size() == 3).orElse(false));
    }

    @AfterAll
    static void disconnect() {
        if (bridge != null) {
            bridge.close();
        }
        if (controller != null) {
            controller.close();
        }
    }

    @Test
    void isListedWithEveryPortUnderItsOpenFlowNumber() {
        JsonNode sw = controller.switchView(DPID).orElseThrow();
        Map<String, Long> ports = new HashMap<>();
        sw.get("ports").forEach(p -> ports.put(p.get("name").asText(), p.get("number").asLong()));
        assertThat(ports).containsOnlyKeys("slconn", "slconn-a", "slconn-b");
        assertThat(ports.get("slconn-a")).isEqualTo(bridge.ofPort("slconn-a"));
        assertThat(ports.get("slconn-b")).isEqualTo(bridge.ofPort("slconn-b"));
        assertThat(ports.get("slconn")).as("the LOCAL port").isEqualTo(0xFFFF_FFFEL);

        JsonNode list = controller.get("/api/v1/switches").body();
        assertThat(list.get("switches")).anySatisfy(s -> assertThat(s.get("id").asText()).isEqualTo(sw.get("id").asText()));
    }

    @Test
    void reportsWhatTheSwitchSaysAboutItself() {
        JsonNode sw = controller.switchView(DPID).orElseThrow();
        assertThat(sw.get("id").asText()).isEqualTo("of:0000000051c00001");
        assertThat(sw.get("protocol").asText()).isEqualTo("OpenFlow 1.3");
        assertThat(sw.get("manufacturer").asText()).isEqualTo("Nicira, Inc.");
        assertThat(sw.get("hardware").asText()).isEqualTo("Open vSwitch");
        assertThat(sw.get("software").asText()).isNotBlank();
        assertThat(sw.get("tables").asInt()).isGreaterThan(1);
        assertThat(sw.get("remoteAddress").asText()).startsWith("127.0.0.1:");
        assertThat(sw.get("connectedSince").asText()).isNotBlank();
        JsonNode portA = null;
        for (JsonNode p : sw.get("ports")) {
            if (p.get("name").asText().equals("slconn-a")) {
                portA = p;
            }
        }
        assertThat(portA).isNotNull();
        assertThat(portA.get("adminUp").asBoolean()).isTrue();
        assertThat(portA.get("hwAddress").asText()).matches("([0-9a-f]{2}:){5}[0-9a-f]{2}");
    }

    @Test
    void getsTheTableMissArpAndLldpRulesThroughTheirMeters() {
        String flows = bridge.dumpFlows();
        assertThat(flows).containsPattern(
                "cookie=0x51ce000000000001, .*table=0, .*priority=60000,dl_type=0x88cc actions=meter:2,CONTROLLER:65535");
        assertThat(flows).containsPattern(
                "cookie=0x51ce000000000002, .*table=0, .*priority=50000,arp actions=meter:1,CONTROLLER:65535");
        assertThat(flows).containsPattern(
                "cookie=0x51ce000000000003, .*table=0, .*priority=0 actions=meter:1,CONTROLLER:65535");
        assertThat(flows).containsPattern(
                "cookie=0x51ce000000000004, .*table=1, .*priority=0 actions=meter:1,CONTROLLER:65535");
    }

    @Test
    void getsThePacketInMeterAtTheConfiguredRate() {
        String meters = bridge.dumpMeters();
        long rate = controller.config().getOpenflow().getPacketInRate();
        assertThat(meters).containsPattern("meter=1 pktps burst bands=\\s*type=drop rate=" + rate + " ");
        assertThat(meters).containsPattern("meter=2 pktps burst bands=\\s*type=drop rate=");
    }
}
