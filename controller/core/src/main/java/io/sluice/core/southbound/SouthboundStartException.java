package io.sluice.core.southbound;

/** A southbound could not start for a reason an operator can fix (an address in use, not local, ...). */
public class SouthboundStartException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SouthboundStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
