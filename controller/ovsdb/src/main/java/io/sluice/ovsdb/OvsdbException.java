package io.sluice.ovsdb;

/**
 * An OVSDB conversation went wrong: the server could not be reached, the connection dropped, a
 * request went unanswered in time, or the server refused a request. Subclasses say which refusal.
 */
public class OvsdbException extends RuntimeException {

    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
