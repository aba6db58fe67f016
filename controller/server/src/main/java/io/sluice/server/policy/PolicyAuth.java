package io.sluice.server.policy;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Policy changes carry {@code Authorization: Bearer <token>} with the token from the configuration:
 * 401 without one, 403 with a wrong one (compared in constant time), 403 for every change when no
 * token is configured.
 */
final class PolicyAuth {
    private final byte[] token;

    PolicyAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void require(HttpHeaders headers) {
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw fail(Response.Status.UNAUTHORIZED, "policy changes need 'Authorization: Bearer <token>' "
                    + "(the token is policy.token in the controller's configuration)");
        }
        if (token == null) {
            throw fail(Response.Status.FORBIDDEN, "policy changes are disabled: no policy.token is configured");
        }
        byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            throw fail(Response.Status.FORBIDDEN, "wrong token for policy changes");
        }
    }

    private static WebApplicationException fail(Response.Status status, String message) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", status.getStatusCode(), "message", message));
        if (status == Response.Status.UNAUTHORIZED) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sluice\"");
        }
        return new WebApplicationException(message, r.build());
    }
}
