package io.sluice.ovsdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to an OVSDB server speaking JSON-RPC 1.0 (RFC 7047), against the
 * {@value #DATABASE} database. Thread-safe: any number of threads may issue requests; one reader
 * thread matches replies to requests by id and answers the server's {@code echo} keepalives, so an
 * idle connection is not dropped by the server's inactivity probe.
 *
 * <p>Each request waits at most the request timeout given at connect time. A request that times
 * out may still have been carried out by the server; callers that need certainty read back.
 */
public final class OvsdbClient implements AutoCloseable {

    /** The database Open vSwitch keeps its configuration in. */
    public static final String DATABASE = "Open_vSwitch";

    /** Request (and TCP connect) timeout used by {@link #connect(OvsdbEndpoint)}. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(OvsdbClient.class);

    private final OvsdbEndpoint endpoint;
    private final SocketChannel channel;
    private final Duration requestTimeout;
    private final ObjectMapper mapper = new ObjectMapper();
    private final Object writeLock = new Object();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicLong echoesAnswered = new AtomicLong();
    private final Thread reader;
    private volatile boolean closing;
    /** Why the connection is over; null while it is up. Set before pending requests are failed. */
    private volatile OvsdbException closedBecause;

    private OvsdbClient(OvsdbEndpoint endpoint, SocketChannel channel, Duration requestTimeout) {
        this.endpoint = endpoint;
        this.channel = channel;
        this.requestTimeout = requestTimeout;
        this.reader = new Thread(this::readLoop, "ovsdb-reader " + endpoint);
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects with {@link #DEFAULT_REQUEST_TIMEOUT}. */
    public static OvsdbClient connect(OvsdbEndpoint endpoint) {
        return connect(endpoint, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * Connects to an OVSDB server.
     *
     * @param requestTimeout how long each request (and a TCP connect) may take
     * @throws OvsdbException naming the endpoint if it cannot be reached
     */
    public static OvsdbClient connect(OvsdbEndpoint endpoint, Duration requestTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
        }
        return new OvsdbClient(endpoint, open(endpoint, requestTimeout), requestTimeout);
    }

    private static SocketChannel open(OvsdbEndpoint endpoint, Duration timeout) {
        SocketChannel channel = null;
        try {
            if (endpoint instanceof OvsdbEndpoint.Unix unix) {
                channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                // A local connect either succeeds or fails at once, so it needs no timeout.
                channel.connect(UnixDomainSocketAddress.of(unix.path()));
            } else if (endpoint instanceof OvsdbEndpoint.Tcp tcp) {
                channel = SocketChannel.open();
                // The channel's own connect() cannot time out; its socket adaptor's can.
                channel.socket().connect(new InetSocketAddress(tcp.host(), tcp.port()),
                        (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
                channel.socket().setTcpNoDelay(true);
            } else {
                throw new IllegalArgumentException("unsupported endpoint " + endpoint);
            }
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new OvsdbException("cannot connect to OVSDB at " + endpoint + ": " + e, e);
        }
    }

    public OvsdbEndpoint endpoint() {
        return endpoint;
    }

    /** False once the connection has dropped or been closed; a closed client does not reconnect. */
    public boolean isConnected() {
        return closedBecause == null;
    }

    /** How many {@code echo} requests from the server this client has answered. */
    public long echoesAnswered() {
        return echoesAnswered.get();
    }

    /**
     * Runs one OVSDB transaction against {@value #DATABASE}: all operations or none take effect.
     *
     * @param operations RFC 7047 operation objects, such as
     *                   {@code {"op":"select","table":"Port","where":[]}}
     * @return the per-operation results, in order
     * @throws OvsdbTransactionException if any operation, or the commit, failed; it names the
     *                                   operation and carries OVSDB's error and details
     * @throws OvsdbException            if the connection fails or no reply comes in time
     */
    public ArrayNode transact(List<? extends JsonNode> operations) {
        ArrayNode params = mapper.createArrayNode().add(DATABASE);
        params.addAll(operations);
        JsonNode result = call("transact", params);
        if (!result.isArray()) {
            throw new OvsdbException("malformed transact reply from " + endpoint + ": " + result);
        }
        // A failed operation's slot holds {"error":...}; a failed commit adds one more slot.
        for (int i = 0; i < result.size(); i++) {
            JsonNode r = result.get(i);
            if (r != null && r.hasNonNull("error")) {
                String what = i < operations.size() ? Ops.describe(operations.get(i)) : "commit";
                throw new OvsdbTransactionException(i, what, r.get("error").asText(), r.path("details").asText(""));
            }
        }
        return (ArrayNode) result;
    }

    /** Lists the databases the server holds (RFC 7047 {@code list_dbs}); a cheap liveness check. */
    public List<String> listDatabases() {
        List<String> names = new ArrayList<>();
        call("list_dbs", mapper.createArrayNode()).forEach(n -> names.add(n.asText()));
        return names;
    }

    /**
     * Sends one JSON-RPC request and waits for its reply.
     *
     * @return the reply's {@code result}
     * @throws OvsdbException if the server answers with an error, the connection fails, or no
     *                        reply comes within the request timeout
     */
    public JsonNode call(String method, ArrayNode params) {
        long id = nextId.getAndIncrement();
        ObjectNode request = mapper.createObjectNode().put("method", method);
        request.set("params", params);
        request.put("id", id);
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            // Checked after registering: the reader sets closedBecause before failing what is
            // pending, so a request either sees it here or is failed by the reader.
            OvsdbException closed = closedBecause;
            if (closed != null) {
                throw new OvsdbException(closed.getMessage(), closed);
            }
            send(request);
            JsonNode response = reply.get(requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
            JsonNode error = response.get("error");
            if (error != null && !error.isNull()) {
                throw new OvsdbException("OVSDB at " + endpoint + " refused " + method + ": " + error);
            }
            return response.path("result");
        } catch (TimeoutException e) {
            throw new OvsdbException("no reply to " + method + " from OVSDB at " + endpoint + " within "
                    + requestTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OvsdbException("interrupted waiting for " + method + " reply from " + endpoint, e);
        } catch (ExecutionException e) {
            // Rewrapped so the stack trace shows the caller, not the reader thread.
            throw new OvsdbException(e.getCause().getMessage(), e.getCause());
        } finally {
            pending.remove(id);
        }
    }

    private void send(JsonNode message) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + message, e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        synchronized (writeLock) {
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                throw new OvsdbException("cannot write to OVSDB at " + endpoint + ": " + e, e);
            }
        }
    }

    private void readLoop() {
        OvsdbException cause;
        // The server sends JSON values back to back with no delimiter: the streaming parser reads
        // exactly one value at a time and never needs to see past its end.
        try (MappingIterator<JsonNode> messages =
                mapper.readerFor(JsonNode.class).readValues(new ChannelInput(channel))) {
            while (messages.hasNextValue()) {
                dispatch(messages.nextValue());
            }
            cause = new OvsdbException("OVSDB at " + endpoint + " closed the connection");
        } catch (IOException | RuntimeException e) {
            cause = closing
                    ? new OvsdbException("OVSDB client for " + endpoint + " is closed")
                    : new OvsdbException("connection to OVSDB at " + endpoint + " failed: " + e, e);
        }
        if (!closing) {
            log.warn("{}", cause.getMessage());
        }
        closedBecause = cause;
        closeQuietly(channel);
        for (CompletableFuture<JsonNode> reply : pending.values()) {
            reply.completeExceptionally(cause);
        }
    }

    private void dispatch(JsonNode message) {
        JsonNode method = message.get("method");
        if (method != null && !method.isNull()) {
            answerRequest(method.asText(), message);
            return;
        }
        JsonNode id = message.get("id");
        CompletableFuture<JsonNode> reply = id != null && id.isIntegralNumber() ? pending.get(id.asLong()) : null;
        if (reply == null) {
            // A reply to a request that already timed out, or one we never sent.
            log.debug("ignoring unmatched reply from {}: {}", endpoint, message);
            return;
        }
        reply.complete(message);
    }

    private void answerRequest(String method, JsonNode request) {
        JsonNode id = request.get("id");
        if (id == null || id.isNull()) {
            // A notification (such as a monitor "update"); this client registers for none.
            log.debug("ignoring {} notification from {}", method, endpoint);
            return;
        }
        ObjectNode reply = mapper.createObjectNode();
        if ("echo".equals(method)) {
            // RFC 7047 section 4.1.11: reply with the request's params as the result.
            reply.set("result", request.path("params"));
            reply.putNull("error");
        } else {
            reply.putNull("result");
            reply.put("error", "unknown method " + method);
        }
        reply.set("id", id);
        try {
            send(reply);
            if ("echo".equals(method)) {
                echoesAnswered.incrementAndGet();
            }
        } catch (OvsdbException e) {
            // The read side will see the broken connection and fail what is pending.
            log.debug("cannot answer {} from {}: {}", method, endpoint, e.getMessage());
        }
    }

    /** Closes the connection; requests still waiting fail at once. Idempotent. */
    @Override
    public void close() {
        closing = true;
        closeQuietly(channel);
        try {
            reader.join(requestTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.debug("closing OVSDB channel: {}", e.toString());
        }
    }

    /**
     * Reads straight from the channel. Channels.newInputStream/newOutputStream are not used: in
     * JDK 17 both take the channel's blockingLock(), so a read blocked waiting for the server
     * would stall every write, including our answer to the server's echo.
     */
    private static final class ChannelInput extends InputStream {
        private final SocketChannel channel;

        ChannelInput(SocketChannel channel) {
            this.channel = channel;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            // A blocking channel returns at least one byte, or -1 at end of stream.
            return channel.read(ByteBuffer.wrap(b, off, len));
        }
    }
}
