package io.sluice.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.sluice.openflow.session.UnparseableMessage;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;

class OpenFlowMessageDecoderTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private final EmbeddedChannel channel = new EmbeddedChannel(new OpenFlowMessageDecoder());

    private static ByteBuf bytes(OFMessage... messages) {
        ByteBuf buf = Unpooled.buffer();
        for (OFMessage m : messages) {
            m.writeTo(buf);
        }
        return buf;
    }

    @Test
    void decodesAMessageOnlyOnceAllOfItHasArrived() {
        ByteBuf echo = bytes(OF13.buildEchoRequest().setXid(9).setData(new byte[20]).build());
        channel.writeInbound(echo.readRetainedSlice(5));
        channel.writeInbound(echo.readRetainedSlice(10));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(echo.readRetainedSlice(echo.readableBytes()));
        OFMessage m = channel.readInbound();
        assertThat(m.getType()).isEqualTo(OFType.ECHO_REQUEST);
        assertThat(m.getXid()).isEqualTo(9);
        echo.release();
    }

    @Test
    void decodesSeveralMessagesFromOneRead() {
        channel.writeInbound(bytes(OF13.buildHello().setXid(1).build(), OF13.buildBarrierRequest().setXid(2).build(),
                OF13.buildEchoReply().setXid(3).build()));
        assertThat(channel.inboundMessages()).extracting(m -> ((OFMessage) m).getType())
                .containsExactly(OFType.HELLO, OFType.BARRIER_REQUEST, OFType.ECHO_REPLY);
    }

    @Test
    void garbageFailsAtTheFirstHeaderWithoutWaitingForMore() {
        ByteBuf http = Unpooled.copiedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> channel.writeInbound(http))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("0x47 is no OpenFlow version");
    }

    @Test
    void aLengthShorterThanTheHeaderIsRefused() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {4, 0, 0, 4, 0, 0, 0, 1});
        assertThatThrownBy(() -> channel.writeInbound(buf)).hasMessageContaining("length field 4 is shorter");
    }

    @Test
    void aWellFramedMessageThatDoesNotParseIsPassedOnAndDecodingGoesOn() {
        // A FEATURES_REPLY header claiming the whole message is 8 bytes (its body cannot fit),
        // then a message of an unknown type, then a good one.
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {4, 6, 0, 8, 0, 0, 0, 1, 4, (byte) 200, 0, 8, 0, 0, 0, 2});
        channel.writeInbound(buf, bytes(OF13.buildEchoRequest().setXid(3).build()));
        UnparseableMessage short_ = channel.readInbound();
        assertThat(short_.type()).isEqualTo(6);
        assertThat(short_.xid()).isEqualTo(1);
        assertThat(short_.length()).isEqualTo(8);
        assertThat(short_.toString()).contains("type 6").contains("does not parse");
        UnparseableMessage unknown = channel.readInbound();
        assertThat(unknown.type()).isEqualTo(200);
        OFMessage echo = channel.readInbound();
        assertThat(echo.getXid()).isEqualTo(3);
    }

    @Test
    void afterAFailureFurtherBytesAreDiscarded() {
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {9, 9, 9, 9, 9, 9, 9, 9})));
        channel.writeInbound(bytes(OF13.buildHello().setXid(1).build()));
        assertThat(channel.inboundMessages()).isEmpty();
    }

    @Test
    void aConnectionThatClosesMidMessageIsReported() {
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {4, 0, 0}));
        assertThatThrownBy(channel::finish)
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("closed in the middle of a message (3 bytes")
                .hasMessageContaining("not even a whole header");
    }
}
