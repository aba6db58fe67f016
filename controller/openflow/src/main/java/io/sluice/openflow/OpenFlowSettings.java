package io.sluice.openflow;

import java.time.Duration;
import java.util.Objects;

/**
 * How Sluice runs its OpenFlow sessions. Immutable; {@link #defaults()} gives values that suit a
 * lab or a small fabric.
 *
 * @param echoInterval      send an ECHO_REQUEST after this much silence from a switch
 * @param keepaliveTimeout  declare a switch dead after this much silence (must exceed echoInterval)
 * @param handshakeTimeout  give up on a connection that has not finished the handshake by then
 * @param requestTimeout    fail a barrier-confirmed write or a multipart request not answered by then
 * @param packetInRate      packets per second the table-miss meter lets through to the controller
 * @param packetInBurst     burst size of that meter, in packets
 * @param lldpRate          packets per second the discovery (LLDP) meter lets through
 * @param clearOnConnect    delete every flow, group and meter on a switch when it connects
 * @param role              the OpenFlow controller role Sluice asks for
 */
public record OpenFlowSettings(
        Duration echoInterval,
        Duration keepaliveTimeout,
        Duration handshakeTimeout,
        Duration requestTimeout,
        long packetInRate,
        long packetInBurst,
        long lldpRate,
        boolean clearOnConnect,
        ControllerRole role) {

    /** The role a controller asks a switch for (OpenFlow 1.3 section 6.3.7). */
    public enum ControllerRole {
        /** Full access, shared with other EQUAL controllers; the switch's default. */
        EQUAL,
        /** Full access; the switch demotes any other MASTER to SLAVE. */
        MASTER
    }

    public OpenFlowSettings {
        Objects.requireNonNull(echoInterval, "echoInterval");
        Objects.requireNonNull(keepaliveTimeout, "keepaliveTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(role, "role");
        requirePositive("echoInterval", echoInterval);
        requirePositive("handshakeTimeout", handshakeTimeout);
        requirePositive("requestTimeout", requestTimeout);
        if (keepaliveTimeout.compareTo(echoInterval) <= 0) {
            throw new IllegalArgumentException("keepaliveTimeout (" + keepaliveTimeout
                    + ") must be longer than echoInterval (" + echoInterval + "), or every echo would time out");
        }
        if (packetInRate <= 0 || packetInBurst <= 0 || lldpRate <= 0) {
            throw new IllegalArgumentException("packetInRate, packetInBurst and lldpRate must be positive, got "
                    + packetInRate + ", " + packetInBurst + ", " + lldpRate);
        }
    }

    public static OpenFlowSettings defaults() {
        return new OpenFlowSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 1000, 100, 1000, false, ControllerRole.EQUAL);
    }

    private static void requirePositive(String name, Duration d) {
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
