package io.sluice.openflow.session;

/** Why a switch connection ended; counted so an operator can see trouble at a glance. */
public enum CloseCause {
    /** The switch closed the connection (or it broke). */
    CONNECTION_LOST,
    /** The switch does not speak OpenFlow 1.3; it was sent HELLO_FAILED. */
    VERSION_REFUSED,
    /** Bytes that are not OpenFlow, or a message that does not parse. */
    MALFORMED,
    /** A message out of place, such as anything but HELLO first. */
    PROTOCOL_VIOLATION,
    /** The handshake did not finish in time, or a step of it failed. */
    HANDSHAKE_FAILED,
    /** Nothing heard from the switch for the keepalive timeout. */
    KEEPALIVE_TIMEOUT,
    /**
     * The datapath id already has a live session (a switch configured with the controller twice,
     * or a reconnect before the old connection died); the newcomer is refused, so that two
     * connections cannot keep replacing each other. A dead old session ends by keepalive.
     */
    DUPLICATE_DATAPATH,
    /** The controller is shutting down. */
    SHUTDOWN,
    /** A fault in Sluice itself while handling the session (logged with its stack trace). */
    INTERNAL_ERROR
}
