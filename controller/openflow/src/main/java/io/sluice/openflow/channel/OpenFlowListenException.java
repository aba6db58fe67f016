package io.sluice.openflow.channel;

import io.sluice.core.southbound.SouthboundStartException;

/** The OpenFlow listener could not bind one of its addresses (in use, not local, not resolvable). */
public final class OpenFlowListenException extends SouthboundStartException {
    private static final long serialVersionUID = 1L;

    public OpenFlowListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
