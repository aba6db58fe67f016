package io.sluice.ovsdb;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an OVSDB server listens, written the way Open vSwitch writes it: {@code unix:<path>} or
 * {@code tcp:<host>:<port>} ({@code tcp:[<ipv6>]:<port>} for IPv6; the port defaults to 6640, the
 * IANA OVSDB port, when left out). Sluice always connects actively, so the passive forms
 * ({@code punix:}, {@code ptcp:}) are refused, and so is {@code ssl:}, which is not supported yet.
 */
public sealed interface OvsdbEndpoint permits OvsdbEndpoint.Unix, OvsdbEndpoint.Tcp {

    /** The IANA-assigned OVSDB port, used when a {@code tcp:} endpoint names none. */
    int DEFAULT_PORT = 6640;

    /**
     * Parses an endpoint string.
     *
     * @throws IllegalArgumentException naming the accepted forms, if {@code text} is none of them
     */
    static OvsdbEndpoint parse(String text) {
        if (text == null || text.isBlank()) {
            throw invalid(text, "it is empty");
        }
        String s = text.strip();
        if (s.startsWith("unix:")) {
            String path = s.substring("unix:".length());
            if (path.isEmpty()) {
                throw invalid(text, "the socket path is missing");
            }
            return new Unix(Path.of(path));
        }
        if (s.startsWith("tcp:")) {
            return parseTcp(text, s.substring("tcp:".length()));
        }
        if (s.startsWith("ssl:")) {
            throw invalid(text, "ssl: is not supported yet");
        }
        if (s.startsWith("punix:") || s.startsWith("ptcp:") || s.startsWith("pssl:")) {
            throw invalid(text, "that is a passive (listening) endpoint; Sluice connects to the server");
        }
        throw invalid(text, "unknown scheme");
    }

    private static OvsdbEndpoint parseTcp(String text, String rest) {
        String host;
        String port;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw invalid(text, "unterminated [ around the IPv6 address");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (!after.isEmpty() && !after.startsWith(":")) {
                throw invalid(text, "expected :<port> after ]");
            }
            port = after.isEmpty() ? null : after.substring(1);
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
                throw invalid(text, "an IPv6 address must be written in brackets, as tcp:[::1]:6640");
            }
            host = colon < 0 ? rest : rest.substring(0, colon);
            port = colon < 0 ? null : rest.substring(colon + 1);
        }
        if (host.isEmpty()) {
            throw invalid(text, "the host is missing");
        }
        if (port == null) {
            return new Tcp(host, DEFAULT_PORT);
        }
        try {
            return new Tcp(host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw invalid(text, "'" + port + "' is not a port number");
        } catch (IllegalArgumentException e) {
            throw invalid(text, e.getMessage());
        }
    }

    private static IllegalArgumentException invalid(String text, String why) {
        return new IllegalArgumentException("invalid OVSDB endpoint '" + text + "': " + why
                + " (expected unix:<path> or tcp:<host>:<port>)");
    }

    /** An OVSDB server on a Unix domain socket, such as {@code unix:/var/run/openvswitch/db.sock}. */
    record Unix(Path path) implements OvsdbEndpoint {
        public Unix {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** An OVSDB server on TCP, such as {@code tcp:192.0.2.1:6640}. */
    record Tcp(String host, int port) implements OvsdbEndpoint {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isEmpty()) {
                throw new IllegalArgumentException("host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port " + port + " is outside 1..65535");
            }
        }

        @Override
        public String toString() {
            return "tcp:" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }
}
