package io.sluice.openflow.channel;

import io.netty.handler.codec.CorruptedFrameException;

/** Bytes from a switch that are not a well-formed OpenFlow message; the connection cannot continue. */
public final class MalformedMessageException extends CorruptedFrameException {
    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message);
    }
}
