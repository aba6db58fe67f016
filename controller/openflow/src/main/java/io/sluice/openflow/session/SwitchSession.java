package io.sluice.openflow.session;

import io.sluice.openflow.Dpid;
import io.sluice.core.device.DeviceId;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.pipeline.BasePipeline;
import io.sluice.openflow.pipeline.SwitchCapabilities;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.projectfloodlight.openflow.protocol.OFConfigFlags;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFErrorMsg;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesReply;
import org.projectfloodlight.openflow.protocol.OFHello;
import org.projectfloodlight.openflow.protocol.OFHelloFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfigStatsReply;
import org.projectfloodlight.openflow.protocol.OFMeterFeaturesStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortStatus;
import org.projectfloodlight.openflow.protocol.OFRoleReply;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.types.OFAuxId;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.U64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One switch's OpenFlow 1.3 session: the handshake, keepalive, request/reply matching and the
 * base pipeline, as a state machine that knows nothing of sockets.
 *
 * <p>Handshake, in order: HELLO (version negotiation) → FEATURES (the listener may refuse the
 * datapath id here, before anything on the switch changes) → PORT_DESC, DESC, METER_FEATURES
 * and METER_CONFIG together → ROLE_REQUEST → SET_CONFIG and the base pipeline as one
 * barrier-confirmed write → active. Each step is a request with a deadline; the whole handshake
 * has its own.
 *
 * <p>Threading: everything but the {@link OpenFlowSwitch} methods runs on the transport's
 * executor; those methods hand their work to it, so the state needs no locks.
 */
public final class SwitchSession implements OpenFlowSwitch {
    private static final Logger log = LoggerFactory.getLogger(SwitchSession.class);
    /** Whether the metered base pipeline went in: rules to the controller then share its meter. */
    private volatile boolean packetInMeter;
    private static final OFFactory OF13 = OFFactories.getFactory(VersionNegotiation.VERSION);
    private static final int NO_BUFFER = 0xFFFF;
    private static final long ALL_METERS = 0xFFFF_FFFFL;

    /** Where a session is in its life. */
    public enum State { WAIT_HELLO, WAIT_FEATURES, WAIT_DESCRIPTION, WAIT_PIPELINE, ACTIVE, CLOSED }

    private final Transport transport;
    private final SessionListener listener;
    private final OpenFlowSettings settings;
    private final LongSupplier nanoClock;
    private final long generationId;
    private final PendingRequests pending = new PendingRequests(this::toString);
    private final Map<Long, OFPortDesc> ports = new TreeMap<>();

    private volatile State state = State.WAIT_HELLO;
    private volatile DeviceId id;
    private volatile Instant connectedSince;
    private long nextXid = 1;
    private long startedAt;
    private long lastReceivedAt;
    private long lastEchoSentAt;
    private OFFeaturesReply features;
    private OFDescStatsReply description;

    /**
     * @param generationId sent with a MASTER role request; must grow from one controller start
     *                     to the next so a switch never takes a stale master (a wall-clock value works)
     */
    public SwitchSession(Transport transport, SessionListener listener, OpenFlowSettings settings,
            LongSupplier nanoClock, long generationId) {
        this.transport = transport;
        this.listener = listener;
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.generationId = generationId;
    }

    // ---- driven by the transport, on its thread ----

    /** The connection is up: say HELLO. */
    public void start() {
        startedAt = nanoClock.getAsLong();
        lastReceivedAt = startedAt;
        lastEchoSentAt = startedAt;
        log.debug("{}: connected, sending HELLO", this);
        transport.send(List.of(VersionNegotiation.ourHello(xid())));
    }

    /** A message arrived from the switch. */
    public void onMessage(OFMessage msg) {
        if (state == State.CLOSED) {
            return;
        }
        lastReceivedAt = nanoClock.getAsLong();
        if (state == State.WAIT_HELLO) {
            onFirstMessage(msg);
            return;
        }
        if (msg.getVersion() != VersionNegotiation.VERSION) {
            close(CloseCause.PROTOCOL_VIOLATION, "sent a " + msg.getVersion() + " " + msg.getType()
                    + " after negotiating " + VersionNegotiation.VERSION);
            return;
        }
        switch (msg.getType()) {
            case ECHO_REQUEST:
                OFEchoRequest echo = (OFEchoRequest) msg;
                transport.send(List.of(OF13.buildEchoReply().setXid(echo.getXid()).setData(echo.getData()).build()));
                break;
            case ECHO_REPLY:
                break;
            case ERROR:
                onError((OFErrorMsg) msg);
                break;
            case PORT_STATUS:
                onPortStatus((OFPortStatus) msg);
                break;
            case HELLO:
                log.warn("{}: second HELLO ignored", this);
                break;
            default:
                if (!pending.onReply(msg)) {
                    onAsync(msg);
                }
        }
    }

    /**
     * A whole message arrived that does not parse. During the handshake nothing can be trusted,
     * so the connection closes; once active, the message is skipped and logged, so that one odd
     * message (a vendor extension, an error code newer than openflowj) cannot drop a live switch.
     */
    public void onUnparseable(UnparseableMessage message) {
        if (state == State.CLOSED) {
            return;
        }
        lastReceivedAt = nanoClock.getAsLong();
        if (state == State.ACTIVE) {
            log.warn("{}: skipped a {}", this, message);
        } else {
            close(CloseCause.MALFORMED, "sent a " + message);
        }
    }

    /** Time passes: keepalive, deadlines. Called often (a fraction of the shortest timeout). */
    public void tick() {
        if (state == State.CLOSED) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (state != State.ACTIVE && now - startedAt > settings.handshakeTimeout().toNanos()) {
            close(CloseCause.HANDSHAKE_FAILED, "handshake not finished within " + seconds(settings.handshakeTimeout())
                    + " (stuck in " + state + ")");
            return;
        }
        long silence = now - lastReceivedAt;
        if (silence > settings.keepaliveTimeout().toNanos()) {
            close(CloseCause.KEEPALIVE_TIMEOUT, "nothing heard for " + seconds(Duration.ofNanos(silence))
                    + " (keepalive timeout " + seconds(settings.keepaliveTimeout()) + ")");
            return;
        }
        long echoEvery = settings.echoInterval().toNanos();
        if (state != State.WAIT_HELLO && silence >= echoEvery && now - lastEchoSentAt >= echoEvery) {
            lastEchoSentAt = now;
            transport.send(List.of(OF13.buildEchoRequest().setXid(xid()).setData(new byte[0]).build()));
        }
        pending.expire(now);
    }

    /** The transport is gone (closed by the switch, or broken). */
    public void onTransportClosed() {
        close(CloseCause.CONNECTION_LOST, "connection closed");
    }

    /** Ends the session: closes the transport, fails what is pending, tells the listener. Idempotent. */
    public void close(CloseCause cause, String detail) {
        if (state == State.CLOSED) {
            return;
        }
        boolean wasActive = state == State.ACTIVE;
        State was = state;
        state = State.CLOSED;
        if (cause == CloseCause.CONNECTION_LOST || cause == CloseCause.SHUTDOWN) {
            log.info("{}: disconnected: {}{}", this, detail, wasActive ? "" : " before the handshake finished (" + was + ")");
        } else {
            log.warn("{}: closing connection ({} in {}): {}", this, cause, was, detail);
        }
        transport.close();
        pending.failAll(new SwitchDisconnectedException(this + " disconnected: " + detail));
        listener.sessionClosed(this, wasActive, cause, detail);
    }

    // ---- OpenFlowSwitch: any thread ----

    @Override
    public DeviceId id() {
        return id;
    }

    @Override
    public OFFactory factory() {
        return OF13;
    }

    @Override
    public boolean isConnected() {
        return state == State.ACTIVE;
    }

    public State state() {
        return state;
    }

    @Override
    public CompletableFuture<Void> write(List<? extends OFMessage> messages) {
        List<OFMessage> copy = List.copyOf(messages);
        return onSessionThread(() -> writeNow(copy));
    }

    @Override
    public <R extends OFStatsReply> CompletableFuture<List<R>> request(OFStatsRequest<R> request) {
        return onSessionThread(() -> requestNow(request));
    }

    @Override
    public void send(OFMessage message) {
        onSessionThread(() -> {
            if (state == State.ACTIVE) {
                transport.send(List.of(withXid(message, xid())));
            }
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Runs {@code work} on the session's thread; whatever happens, the returned future completes. */
    private <T> CompletableFuture<T> onSessionThread(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            transport.executor().execute(() -> {
                try {
                    work.get().whenComplete(relayTo(result));
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new SwitchDisconnectedException(this + " is disconnected (controller stopping)"));
        }
        return result;
    }

    // ---- handshake ----

    private void onFirstMessage(OFMessage msg) {
        if (msg.getType() == OFType.ERROR) {
            close(CloseCause.HANDSHAKE_FAILED, "switch answered HELLO with " + OpenFlowErrors.describe((OFErrorMsg) msg));
        } else if (msg.getType() != OFType.HELLO) {
            close(CloseCause.PROTOCOL_VIOLATION, "expected HELLO first, got " + msg.getVersion() + " " + msg.getType());
        } else if (!VersionNegotiation.accepts((OFHello) msg)) {
            refuseVersion((OFHello) msg);
        } else {
            state = State.WAIT_FEATURES;
            long xid = xid();
            CompletableFuture<OFFeaturesReply> reply = pending.expectReply(xid, OFFeaturesReply.class,
                    "FEATURES_REQUEST", deadline());
            transport.send(List.of(OF13.buildFeaturesRequest().setXid(xid).build()));
            reply.thenAccept(this::onFeatures).whenComplete(this::failHandshakeOnError);
        }
    }

    private void refuseVersion(OFHello hello) {
        // Answer in the peer's own version so that it can read why.
        OFFactory theirs = OFFactories.getFactory(hello.getVersion());
        String why = "Sluice speaks OpenFlow 1.3 only";
        OFErrorMsg error = theirs.errorMsgs().buildHelloFailedErrorMsg()
                .setXid(hello.getXid())
                .setCode(OFHelloFailedCode.INCOMPATIBLE)
                .setData(OFErrorCauseData.of(why.getBytes(StandardCharsets.US_ASCII), hello.getVersion()))
                .build();
        transport.send(List.of(error));
        close(CloseCause.VERSION_REFUSED, "switch's HELLO (" + hello.getVersion()
                + ") does not offer OpenFlow 1.3; sent HELLO_FAILED (" + why + ")");
    }

    private void onFeatures(OFFeaturesReply reply) {
        if (!OFAuxId.MAIN.equals(reply.getAuxiliaryId())) {
            throw new IllegalStateException("auxiliary connection " + reply.getAuxiliaryId()
                    + " refused: Sluice uses the main connection only");
        }
        features = reply;
        id = Dpid.deviceId(reply.getDatapathId().getLong());
        listener.sessionIdentified(this);
        if (state == State.CLOSED) {
            return; // refused (e.g. a duplicate datapath id) before anything on the switch changed
        }
        state = State.WAIT_DESCRIPTION;
        CompletableFuture<List<OFPortDescStatsReply>> portDesc = requestNow(OF13.buildPortDescStatsRequest().build());
        CompletableFuture<List<OFDescStatsReply>> desc = requestNow(OF13.buildDescStatsRequest().build());
        // Meters are optional in OpenFlow 1.3: a switch without them gets an unmetered pipeline.
        CompletableFuture<List<OFMeterFeaturesStatsReply>> meterFeatures =
                requestNow(OF13.buildMeterFeaturesStatsRequest().build()).exceptionally(e -> List.of());
        CompletableFuture<List<OFMeterConfigStatsReply>> meterConfig =
                requestNow(OF13.buildMeterConfigStatsRequest().setMeterId(ALL_METERS).build())
                        .exceptionally(e -> List.of());
        CompletableFuture.allOf(portDesc, desc, meterFeatures, meterConfig)
                .thenCompose(done -> onDescribed(portDesc.join(), desc.join(),
                        SwitchCapabilities.of(features, meterFeatures.join(), meterConfig.join())))
                .whenComplete(this::failHandshakeOnError);
    }

    private CompletableFuture<Void> onDescribed(List<OFPortDescStatsReply> portDesc, List<OFDescStatsReply> desc,
            SwitchCapabilities caps) {
        portDesc.stream().flatMap(r -> r.getEntries().stream()).forEach(p -> ports.put(portNumber(p), p));
        description = desc.get(0);
        if (!caps.canMeterPacketIns()) {
            log.warn("{}: no usable meters ({}); packet-ins to the controller are not rate-limited", this, caps);
        }
        state = State.WAIT_PIPELINE;
        return requestRole().thenCompose(role -> installPipeline(caps)).thenRun(this::activate);
    }

    private CompletableFuture<Void> requestRole() {
        boolean master = settings.role() == OpenFlowSettings.ControllerRole.MASTER;
        OFControllerRole role = master ? OFControllerRole.ROLE_MASTER : OFControllerRole.ROLE_EQUAL;
        long xid = xid();
        CompletableFuture<OFRoleReply> reply = pending.expectReply(xid, OFRoleReply.class, "ROLE_REQUEST", deadline());
        transport.send(List.of(OF13.buildRoleRequest().setXid(xid).setRole(role)
                .setGenerationId(U64.of(generationId)).build()));
        return reply.handle((r, error) -> {
            if (error != null && !master) {
                // EQUAL is every switch's default role: a switch without role support still serves us.
                log.info("{}: role request refused ({}); staying in the default EQUAL role", this,
                        rootCause(error).getMessage());
                return null;
            }
            if (error != null) {
                throw new CompletionException(rootCause(error));
            }
            if (r.getRole() != role) {
                throw new IllegalStateException("asked for " + role + ", switch granted " + r.getRole());
            }
            return null;
        });
    }

    /**
     * Installs SET_CONFIG and the base pipeline. If the switch refuses the meters it advertised,
     * the pipeline goes in again without them: a switch whose table-miss rule is missing would
     * send the controller nothing at all, which is worse than unmetered packet-ins.
     */
    private CompletableFuture<Void> installPipeline(SwitchCapabilities caps) {
        return writeNow(pipeline(caps)).handle((ok, error) -> error).thenCompose(error -> {
            if (error == null) {
                packetInMeter = caps.canMeterPacketIns();
                return CompletableFuture.completedFuture(null);
            }
            if (!caps.canMeterPacketIns()) {
                log.error("{}: base pipeline not installed: {}", this, rootCause(error).getMessage());
                return CompletableFuture.completedFuture(null);
            }
            log.warn("{}: metered base pipeline refused ({}); installing it without meters", this,
                    rootCause(error).getMessage());
            return writeNow(pipeline(caps.withoutMeters())).handle((ok2, error2) -> {
                if (error2 != null) {
                    log.error("{}: base pipeline not installed: {}", this, rootCause(error2).getMessage());
                }
                return null;
            });
        });
    }

    @Override
    public boolean metersPacketIns() {
        return packetInMeter;
    }

    private List<OFMessage> pipeline(SwitchCapabilities caps) {
        List<OFMessage> messages = new ArrayList<>();
        messages.add(OF13.buildSetConfig().setFlags(Set.of(OFConfigFlags.FRAG_NORMAL)).setMissSendLen(NO_BUFFER).build());
        messages.addAll(BasePipeline.messages(OF13, settings, caps));
        return messages;
    }

    private void activate() {
        if (state != State.WAIT_PIPELINE) {
            return;
        }
        connectedSince = Instant.now();
        state = State.ACTIVE;
        listener.sessionActivated(this);
        log.info("{}: connected from {} ({} ports, {} tables, {} {})", this, transport.remoteAddress(),
                ports.size(), features.getNTables() & 0xFF, description.getMfrDesc(), description.getSwDesc());
    }

    private void failHandshakeOnError(Object ignored, Throwable error) {
        if (error != null && state != State.CLOSED) {
            close(CloseCause.HANDSHAKE_FAILED, "handshake failed in " + state + ": " + rootCause(error).getMessage());
        }
    }

    // ---- steady state ----

    private void onError(OFErrorMsg error) {
        if (!pending.onError(error)) {
            log.warn("{}: unsolicited error {}", this, OpenFlowErrors.describe(error));
        }
    }

    private void onPortStatus(OFPortStatus status) {
        OFPortDesc desc = status.getDesc();
        long number = portNumber(desc);
        if (status.getReason() == OFPortReason.DELETE) {
            ports.remove(number);
        } else {
            ports.put(number, desc);
        }
        if (state == State.ACTIVE) {
            log.info("{}: port {} ({}) {}{}", this, number, desc.getName(), status.getReason(),
                    status.getReason() == OFPortReason.DELETE ? "" : desc.isEnabled() ? ", up" : ", down");
            listener.portChanged(this, status.getReason(), desc);
        }
    }

    private void onAsync(OFMessage msg) {
        if (state == State.ACTIVE) {
            listener.messageReceived(this, msg);
        } else {
            log.debug("{}: {} during handshake ignored", this, msg.getType());
        }
    }

    // ---- requests ----

    private CompletableFuture<Void> writeNow(List<OFMessage> messages) {
        if (state == State.CLOSED) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(this + " is disconnected"));
        }
        List<OFMessage> out = new ArrayList<>(messages.size() + 1);
        List<Long> members = new ArrayList<>(messages.size());
        for (OFMessage m : messages) {
            long xid = xid();
            members.add(xid);
            out.add(withXid(m, xid));
        }
        long barrierXid = xid();
        out.add(OF13.buildBarrierRequest().setXid(barrierXid).build());
        CompletableFuture<Void> done = pending.expectBarrier(barrierXid, members,
                "barrier after " + messages.size() + " message(s)", deadline());
        transport.send(out);
        return done;
    }

    private <R extends OFStatsReply> CompletableFuture<List<R>> requestNow(OFStatsRequest<R> request) {
        if (state == State.CLOSED) {
            return CompletableFuture.failedFuture(new SwitchDisconnectedException(this + " is disconnected"));
        }
        long xid = xid();
        OFStatsRequest<R> sent = request.createBuilder().setXid(xid).build();
        CompletableFuture<List<R>> reply = pending.expectMultipart(xid, sent.getStatsType(),
                sent.getStatsType() + " request", deadline());
        transport.send(List.of(sent));
        return reply;
    }

    // ---- what the handshake learned ----

    /** Ports as the switch last described them, in port-number order (a copy). */
    public Collection<OFPortDesc> ports() {
        return List.copyOf(ports.values());
    }

    public OFFeaturesReply features() {
        return features;
    }

    public OFDescStatsReply description() {
        return description;
    }

    public Instant connectedSince() {
        return connectedSince;
    }

    public String remoteAddress() {
        return transport.remoteAddress();
    }

    // ---- helpers ----

    private long xid() {
        long x = nextXid;
        nextXid = (nextXid % 0xFFFF_FFFFL) + 1;
        return x;
    }

    private long deadline() {
        return nanoClock.getAsLong() + settings.requestTimeout().toNanos();
    }

    private static long portNumber(OFPortDesc p) {
        return p.getPortNo().getPortNumber() & 0xFFFF_FFFFL;
    }

    private static OFMessage withXid(OFMessage m, long xid) {
        return m.getXid() == xid ? m : m.createBuilder().setXid(xid).build();
    }

    private static <T> BiConsumer<T, Throwable> relayTo(CompletableFuture<T> target) {
        return (value, error) -> {
            if (error != null) {
                target.completeExceptionally(rootCause(error));
            } else {
                target.complete(value);
            }
        };
    }

    static Throwable rootCause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    @Override
    public String toString() {
        DeviceId known = id;
        return known != null ? "switch " + known : "connection " + transport.remoteAddress();
    }
}
