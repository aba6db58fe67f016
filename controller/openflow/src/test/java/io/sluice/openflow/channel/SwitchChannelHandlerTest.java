package io.sluice.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.session.CloseCause;
import io.sluice.openflow.session.SessionListener;
import io.sluice.openflow.session.SwitchSession;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/** The handler on a Netty channel without a network: what comes off the wire decides how a session ends. */
class SwitchChannelHandlerTest {
    private final List<CloseCause> closes = new ArrayList<>();
    private final SessionListener listener = new SessionListener() {
        @Override
        public void sessionIdentified(SwitchSession session) {
        }

        @Override
        public void sessionActivated(SwitchSession session) {
        }

        @Override
        public void portChanged(SwitchSession session, OFPortReason reason, OFPortDesc port) {
        }

        @Override
        public void messageReceived(SwitchSession session, OFMessage message) {
        }

        @Override
        public void sessionClosed(SwitchSession session, boolean wasActive, CloseCause cause, String detail) {
            closes.add(cause);
        }
    };

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new OpenFlowMessageDecoder(), new OpenFlowMessageEncoder(),
                new SwitchChannelHandler(OpenFlowSettings.defaults(), listener, 1, () -> false));
    }

    @Test
    void saysHelloOnConnect() {
        EmbeddedChannel ch = channel();
        ByteBuf hello = ch.readOutbound();
        assertThat(hello.getByte(0)).as("version").isEqualTo((byte) 4);
        assertThat(hello.getByte(1)).as("type HELLO").isEqualTo((byte) 0);
        hello.release();
    }

    @Test
    void garbageEndsTheSessionAsMalformedAndClosesTheChannel() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.copiedBuffer("SSH-2.0-OpenSSH\r\n", StandardCharsets.US_ASCII));
        ch.runPendingTasks();
        assertThat(closes).containsExactly(CloseCause.MALFORMED);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anUnparseableFirstMessageEndsTheSessionAsMalformed() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 6, 0, 8, 0, 0, 0, 1}));
        ch.runPendingTasks();
        assertThat(closes).containsExactly(CloseCause.MALFORMED);
    }

    @Test
    void aPeerThatHangsUpMidMessageIsMalformedNotAPlainDisconnect() {
        EmbeddedChannel ch = channel();
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0, 16, 0, 0, 0, 1}));
        ch.close();
        assertThat(closes).containsExactly(CloseCause.MALFORMED);
    }

    @Test
    void aCleanHangUpIsAPlainDisconnect() {
        EmbeddedChannel ch = channel();
        ch.close();
        assertThat(closes).containsExactly(CloseCause.CONNECTION_LOST);
    }

    @Test
    void ticksOftenEnoughForTheShortestTimeoutButNotAbsurdlyOften() {
        OpenFlowSettings defaults = OpenFlowSettings.defaults();
        assertThat(SwitchChannelHandler.tickMillis(defaults)).isEqualTo(500);
        OpenFlowSettings fast = keepalive(Duration.ofMillis(300), Duration.ofSeconds(1));
        assertThat(SwitchChannelHandler.tickMillis(fast)).isEqualTo(30);
        OpenFlowSettings absurd = keepalive(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(SwitchChannelHandler.tickMillis(absurd)).isEqualTo(10);
    }

    private static OpenFlowSettings keepalive(Duration echo, Duration timeout) {
        OpenFlowSettings d = OpenFlowSettings.defaults();
        return new OpenFlowSettings(echo, timeout, d.handshakeTimeout(), d.requestTimeout(), d.packetInRate(),
                d.packetInBurst(), d.lldpRate(), d.clearOnConnect(), d.role());
    }
}
