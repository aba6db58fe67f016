package io.sluice.openflow.channel;

/** The OpenFlow listener could not bind one of its addresses (in use, not local, not resolvable). */
public final class OpenFlowListenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public OpenFlowListenException(String message, Throwable cause) {
        super(message, cause);
    }
}
