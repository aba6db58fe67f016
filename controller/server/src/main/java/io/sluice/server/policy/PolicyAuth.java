package io.sluice.server.policy;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Policy changes carry {@code Authorization: Bearer <token>} with the token from the configuration:
 * 401 without one, 403 with a wrong one (compared in constant time), 403 for every change when no
 * token is configured. A filter, so it runs before the body is read: an unauthenticated client
 * cannot make the controller read a large body (a small one, up to 64 KiB, is read and dropped so
 * that the refusal reaches the client); and a body over the size limit is refused (413).
 */
@PolicyChange
@Priority(Priorities.AUTHENTICATION)
public final class PolicyAuth implements ContainerRequestFilter {
    /** The largest policy document accepted: far above 10,000 rules of YAML (~1.5 MB). */
    static final long MAX_BODY_BYTES = 16L * 1024 * 1024;
    /** Refused bodies up to this size are read (and dropped) so the refusal reaches the client. */
    static final int DRAIN_BYTES = 64 * 1024;
    private final byte[] token;

    public PolicyAuth(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Response refused = refusal(request);
        if (refused != null) {
            if (refused.getStatus() != Response.Status.REQUEST_ENTITY_TOO_LARGE.getStatusCode()) {
                drain(request);
            }
            request.abortWith(refused);
        }
    }

    /**
     * Reads and drops a small refused body (up to {@value #DRAIN_BYTES} bytes): a server that answers
     * and closes while the body is still arriving resets the connection, and the client may then lose
     * the answer. A larger one is not read: the connection closes under it.
     */
    private static void drain(ContainerRequestContext request) {
        if (request.getLength() < 0 || request.getLength() > DRAIN_BYTES) {
            return;
        }
        try (InputStream in = request.getEntityStream()) {
            byte[] buf = new byte[8192];
            long left = DRAIN_BYTES;
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0) {
                left -= n;
            }
        } catch (IOException e) {
            // The client went away: nothing to answer.
        }
    }

    private Response refusal(ContainerRequestContext request) {
        String auth = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return fail(Response.Status.UNAUTHORIZED, "Authorization", "policy changes need "
                    + "'Authorization: Bearer <token>' (the token is policy.token in the controller's configuration)");
        }
        if (token == null) {
            return fail(Response.Status.FORBIDDEN, "Authorization",
                    "policy changes are disabled: no policy.token is configured");
        }
        byte[] given = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            return fail(Response.Status.FORBIDDEN, "Authorization", "wrong token for policy changes");
        }
        if (request.getLength() > MAX_BODY_BYTES) {
            return fail(Response.Status.REQUEST_ENTITY_TOO_LARGE, "body", "over "
                    + MAX_BODY_BYTES / (1024 * 1024) + " MiB: no policy is that large");
        }
        return null;
    }

    private static Response fail(Response.Status status, String field, String message) {
        Response.ResponseBuilder r = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("code", status.getStatusCode(), "field", field, "message", message));
        if (status == Response.Status.UNAUTHORIZED) {
            r.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"sluice\"");
        }
        return r.build();
    }
}
