package io.sluice.openflow;

import io.sluice.core.device.DeviceId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFStatsReply;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;

/**
 * A switch with a finished OpenFlow 1.3 handshake. Every method may be called from any thread.
 *
 * <p>Returned futures complete on the switch's I/O thread, which serves other switches too:
 * callbacks must be quick and must never block (no {@code join()} on another switch's future);
 * hand longer work to an executor with the {@code *Async} variants.
 */
public interface OpenFlowSwitch {
    DeviceId id();

    /** Builds messages in the negotiated version. */
    OFFactory factory();

    /** Whether the session is still up. */
    boolean isConnected();

    /**
     * Sends {@code messages} in order, then a barrier. The future completes when the barrier reply
     * arrives, so every message has been processed; it fails with {@link
     * io.sluice.openflow.session.OpenFlowErrorException} naming each message the switch refused,
     * with a {@link java.util.concurrent.TimeoutException} when the switch does not answer within
     * the request timeout, or with {@link io.sluice.openflow.session.SwitchDisconnectedException}.
     * Transaction ids of the given messages are replaced.
     */
    CompletableFuture<Void> write(List<? extends OFMessage> messages);

    /** Sends a multipart request and collects every part of the reply. */
    <R extends OFStatsReply> CompletableFuture<List<R>> request(OFStatsRequest<R> request);

    /** Sends one message without waiting for anything (e.g. a packet-out). */
    void send(OFMessage message);

    /**
     * Whether the base pipeline's packet-in meter ({@link io.sluice.openflow.pipeline.BasePipeline#PACKET_IN_METER})
     * is on the switch, so that other rules sending packets to the controller can share its limit.
     */
    default boolean metersPacketIns() {
        return false;
    }
}
