package io.sluice.openflow.channel;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.sluice.openflow.session.UnparseableMessage;
import java.util.List;
import org.projectfloodlight.openflow.exceptions.OFParseError;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMessageReader;

/**
 * Cuts the byte stream into OpenFlow messages by the header's length field and parses each with
 * openflowj. The header is checked before waiting for a body: a version byte that is not OpenFlow
 * or a length shorter than the header means the stream is not OpenFlow (or has lost its framing),
 * so the connection fails at once ({@link MalformedMessageException}) instead of waiting for bytes
 * that will never make sense. A message that is framed soundly but does not parse is passed on as
 * an {@link UnparseableMessage}: the stream is still in step, and the session decides.
 */
public final class OpenFlowMessageDecoder extends ByteToMessageDecoder {
    static final int HEADER_LENGTH = 8;
    private static final int MIN_VERSION = 0x01;
    private static final int MAX_VERSION = 0x06;

    private final OFMessageReader<OFMessage> reader = OFFactories.getGenericReader();
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        if (in.readableBytes() < HEADER_LENGTH) {
            return;
        }
        int start = in.readerIndex();
        int version = in.getUnsignedByte(start);
        int type = in.getUnsignedByte(start + 1);
        int length = in.getUnsignedShort(start + 2);
        if (version < MIN_VERSION || version > MAX_VERSION) {
            throw fail(String.format("not OpenFlow: first header byte 0x%02x is no OpenFlow version (header %s)",
                    version, ByteBufUtil.hexDump(in, start, HEADER_LENGTH)));
        }
        if (length < HEADER_LENGTH) {
            throw fail(String.format("length field %d is shorter than the 8-byte header (version 0x%02x, type %d)",
                    length, version, type));
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf frame = in.slice(start, length);
        long xid = in.getUnsignedInt(start + 4);
        in.skipBytes(length);
        try {
            OFMessage message = reader.readFrom(frame);
            out.add(message != null ? message
                    : new UnparseableMessage(version, type, xid, length, "its body claims more than the length field"));
        } catch (OFParseError | RuntimeException e) {
            out.add(new UnparseableMessage(version, type, xid, length, String.valueOf(e.getMessage())));
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            int left = in.readableBytes();
            in.skipBytes(left);
            // Fired rather than thrown: a throw here would reach the session only after the
            // channel-inactive event, which would already have recorded a plain disconnect.
            ctx.fireExceptionCaught(fail("connection closed in the middle of a message (" + left
                    + " bytes of it arrived, " + (left < HEADER_LENGTH ? "not even a whole header" : "header says more")
                    + ")"));
        }
    }

    private MalformedMessageException fail(String why) {
        failed = true;
        return new MalformedMessageException(why);
    }
}
