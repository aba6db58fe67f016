package io.sluice.tests.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.openflow.session.SwitchSession;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.LogCapture;
import io.sluice.tests.support.OvsBridge;
import io.sluice.tests.support.RawOpenFlowConnection;
import io.sluice.tests.support.Wait;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bytes that are not OpenFlow close that one connection, with a log line saying why; a real
 * switch connected at the same time keeps working.
 */
class MalformedInputIT {
    private static final long DPID = 0x51c0_0004L;
    private static final Duration BOUND = Duration.ofSeconds(5);
    private static ControllerUnderTest controller;
    private static OvsBridge bridge;
    private LogCapture log;
    private long malformedBefore;

    @BeforeAll
    static void start() {
        controller = ControllerUnderTest.start();
        bridge = OvsBridge.create("slbad", DPID, "OpenFlow13", controller.controllerTarget());
        Wait.until("the bridge is listed", Duration.ofSeconds(10), () -> controller.switchView(DPID).isPresent());
    }

    @AfterAll
    static void stop() {
        bridge.close();
        controller.close();
    }

    @BeforeEach
    void watch() {
        log = LogCapture.of(SwitchSession.class);
        malformedBefore = controller.closedConnections("MALFORMED");
    }

    @AfterEach
    void theRealSwitchIsStillServed() {
        log.close();
        assertThat(controller.switchView(DPID)).isPresent();
        assertThat(controller.openFlowSwitch(DPID).orElseThrow().write(List.of()))
                .as("the bridge still answers a barrier").succeedsWithin(BOUND);
    }

    private void assertClosedAsMalformed(RawOpenFlowConnection c, String why) throws Exception {
        assertThat(c.closedByPeerWithin(BOUND)).as("connection closed").isTrue();
        Wait.until("the close is counted", BOUND, () -> controller.closedConnections("MALFORMED") == malformedBefore + 1);
        assertThat(log.lines()).anySatisfy(line -> assertThat(line).startsWith("WARN").contains("MALFORMED").contains(why));
    }

    @Test
    void garbageBytes() throws Exception {
        try (RawOpenFlowConnection c = new RawOpenFlowConnection(controller.openFlowPort())) {
            c.send("GET / HTTP/1.1\r\nHost: sluice\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertClosedAsMalformed(c, "no OpenFlow version");
        }
    }

    @Test
    void aTruncatedHeader() throws Exception {
        try (RawOpenFlowConnection c = new RawOpenFlowConnection(controller.openFlowPort())) {
            c.send(new byte[] {0x04, 0x00, 0x00});
            c.finishSending();
            assertClosedAsMalformed(c, "not even a whole header");
        }
    }

    @Test
    void aLengthFieldThatClaimsLessThanTheMessageNeeds() throws Exception {
        try (RawOpenFlowConnection c = new RawOpenFlowConnection(controller.openFlowPort())) {
            // FEATURES_REPLY (type 6) whose header says the whole message is 12 bytes; it needs 32.
            c.send(new byte[] {0x04, 0x06, 0x00, 0x0c, 0, 0, 0, 1, 0, 0, 0, 0});
            assertClosedAsMalformed(c, "does not parse");
        }
    }

    @Test
    void aLengthFieldShorterThanTheHeader() throws Exception {
        try (RawOpenFlowConnection c = new RawOpenFlowConnection(controller.openFlowPort())) {
            c.send(new byte[] {0x04, 0x00, 0x00, 0x02, 0, 0, 0, 1});
            assertClosedAsMalformed(c, "shorter than the 8-byte header");
        }
    }

    @Test
    void aLengthFieldThatClaimsMoreThanArrives() throws Exception {
        try (RawOpenFlowConnection c = new RawOpenFlowConnection(controller.openFlowPort())) {
            // A HELLO whose header promises 64 bytes; 16 arrive, then the sender hangs up.
            c.send(new byte[] {0x04, 0x00, 0x00, 0x40, 0, 0, 0, 1, 0, 1, 0, 8, 0, 0, 0, 0x10});
            c.finishSending();
            assertClosedAsMalformed(c, "header says more");
        }
    }
}
