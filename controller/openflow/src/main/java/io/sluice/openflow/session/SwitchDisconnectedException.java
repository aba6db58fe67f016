package io.sluice.openflow.session;

/** The switch's session ended before it answered. */
public final class SwitchDisconnectedException extends Exception {
    private static final long serialVersionUID = 1L;

    public SwitchDisconnectedException(String message) {
        super(message);
    }
}
