package io.sluice.openflow.session;

import io.sluice.openflow.Dpid;
import static io.sluice.openflow.session.SwitchReplies.OF13;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.sluice.core.device.DeviceId;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.pipeline.BasePipeline;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFEchoReply;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFlowAdd;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFHelloElem;
import org.projectfloodlight.openflow.protocol.errormsg.OFHelloFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFBadRequestCode;
import org.projectfloodlight.openflow.protocol.OFPortDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.errormsg.OFFlowModFailedErrorMsg;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U32;

/** The session state machine, driven message by message with a hand-moved clock: no network. */
class SwitchSessionTest {
    private static final Duration ECHO = Duration.ofSeconds(5);
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final RecordingTransport transport = new RecordingTransport();
    private final RecordingListener listener = new RecordingListener();
    private final SwitchReplies replies = new SwitchReplies();
    private OpenFlowSettings settings = OpenFlowSettings.defaults();

    private SwitchSession newSession() {
        return new SwitchSession(transport, listener, settings, clock::get, 42);
    }

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private List<OFMessage> handshake(SwitchSession s) {
        return replies.completeHandshake(s, transport);
    }

    private SwitchSession activeSession() {
        SwitchSession s = newSession();
        handshake(s);
        assertThat(s.state()).isEqualTo(SwitchSession.State.ACTIVE);
        transport.drain();
        return s;
    }

    private OFMessage single(OFType type) {
        List<OFMessage> sent = transport.drain();
        assertThat(sent).extracting(OFMessage::getType).containsExactly(type);
        return sent.get(0);
    }

    @Test
    void handshakeRunsInOrderAndActivatesOnceThePipelineIsConfirmed() {
        SwitchSession s = newSession();
        s.start();
        OFMessage hello = single(OFType.HELLO);
        assertThat(hello.getVersion()).isEqualTo(OFVersion.OF_13);
        assertThat(((org.projectfloodlight.openflow.protocol.OFHello) hello).getElements()).singleElement()
                .asInstanceOf(type(org.projectfloodlight.openflow.protocol.OFHelloElemVersionbitmap.class))
                .satisfies(b -> assertThat(b.getBitmaps()).containsExactly(U32.of(1 << 4)));
        assertThat(s.state()).isEqualTo(SwitchSession.State.WAIT_HELLO);

        s.onMessage(SwitchReplies.hello());
        OFMessage featuresRequest = single(OFType.FEATURES_REQUEST);
        assertThat(s.state()).isEqualTo(SwitchSession.State.WAIT_FEATURES);

        s.onMessage(replies.features(featuresRequest.getXid()));
        List<OFMessage> describe = transport.drain();
        assertThat(describe).extracting(m -> ((OFStatsRequest<?>) m).getStatsType().name())
                .containsExactlyInAnyOrder("PORT_DESC", "DESC", "METER_FEATURES", "METER_CONFIG");
        assertThat(s.state()).isEqualTo(SwitchSession.State.WAIT_DESCRIPTION);
        assertThat(s.id()).isEqualTo(Dpid.deviceId(SwitchReplies.DPID));

        describe.forEach(r -> s.onMessage(replies.answer((OFStatsRequest<?>) r)));
        OFRoleRequest role = (OFRoleRequest) single(OFType.ROLE_REQUEST);
        assertThat(role.getRole()).isEqualTo(OFControllerRole.ROLE_EQUAL);
        assertThat(s.state()).isEqualTo(SwitchSession.State.WAIT_PIPELINE);

        s.onMessage(SwitchReplies.roleReply(role));
        List<OFMessage> pipeline = transport.drain();
        assertThat(pipeline).extracting(OFMessage::getType).containsExactly(OFType.SET_CONFIG, OFType.METER_MOD,
                OFType.METER_MOD, OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.FLOW_MOD,
                OFType.BARRIER_REQUEST);
        assertThat(listener.events).containsExactly("identified of:00000000000000a1");
        assertThat(s.isConnected()).isFalse();

        s.onMessage(SwitchReplies.barrierReply((OFBarrierRequest) pipeline.get(pipeline.size() - 1)));
        assertThat(s.state()).isEqualTo(SwitchSession.State.ACTIVE);
        assertThat(listener.events).containsExactly("identified of:00000000000000a1",
                "activated of:00000000000000a1");
        assertThat(s.ports()).hasSize(2);
        assertThat(s.description().getDpDesc()).isEqualTo("br-test");
    }

    @Test
    void everyRequestGetsItsOwnTransactionId() {
        List<OFMessage> pipeline = handshake(newSession());
        assertThat(pipeline).extracting(OFMessage::getXid).doesNotHaveDuplicates();
    }

    @Test
    void anythingButHelloFirstIsAProtocolViolation() {
        SwitchSession s = newSession();
        s.start();
        s.onMessage(OF13.buildEchoRequest().setXid(1).build());
        assertThat(s.state()).isEqualTo(SwitchSession.State.CLOSED);
        assertThat(transport.closed).isTrue();
        assertThat(listener.closeCause).isEqualTo(CloseCause.PROTOCOL_VIOLATION);
        assertThat(listener.closeDetail).contains("expected HELLO");
    }

    @Test
    void anOpenFlow10SwitchIsToldHelloFailedInItsOwnVersionAndDropped() {
        SwitchSession s = newSession();
        s.start();
        transport.drain();
        s.onMessage(OFFactories.getFactory(OFVersion.OF_10).buildHello().setXid(7).build());
        OFMessage error = single(OFType.ERROR);
        assertThat(error.getVersion()).isEqualTo(OFVersion.OF_10);
        assertThat(error).isInstanceOf(OFHelloFailedErrorMsg.class);
        assertThat(((OFHelloFailedErrorMsg) error).getErrType()).isEqualTo(OFErrorType.HELLO_FAILED);
        assertThat(transport.closed).isTrue();
        assertThat(listener.closeCause).isEqualTo(CloseCause.VERSION_REFUSED);
        assertThat(listener.events).containsExactly("closed VERSION_REFUSED");
    }

    @Test
    void aNewerSwitchWhoseBitmapLacks13IsRefused() {
        SwitchSession s = newSession();
        s.start();
        var of14 = OFFactories.getFactory(OFVersion.OF_14);
        OFHelloElem only14 = of14.helloElemVersionbitmap(List.of(U32.of(1 << 5)));
        s.onMessage(of14.buildHello().setXid(3).setElements(List.of(only14)).build());
        assertThat(listener.closeCause).isEqualTo(CloseCause.VERSION_REFUSED);
    }

    @Test
    void aNewerSwitchWithoutBitmapIsTakenAt13() {
        SwitchSession s = newSession();
        s.start();
        transport.drain();
        s.onMessage(OFFactories.getFactory(OFVersion.OF_14).buildHello().setXid(3).build());
        assertThat(single(OFType.FEATURES_REQUEST).getVersion()).isEqualTo(OFVersion.OF_13);
    }

    @Test
    void aSwitchThatNeverFinishesTheHandshakeIsDroppedAtTheDeadline() {
        SwitchSession s = newSession();
        s.start();
        s.onMessage(SwitchReplies.hello());
        advance(settings.handshakeTimeout().minusMillis(1));
        s.tick();
        assertThat(s.state()).isEqualTo(SwitchSession.State.WAIT_FEATURES);
        advance(Duration.ofMillis(2));
        s.tick();
        assertThat(listener.closeCause).isEqualTo(CloseCause.HANDSHAKE_FAILED);
        assertThat(listener.closeDetail).contains("WAIT_FEATURES");
    }

    @Test
    void aRefusedRoleRequestFailsTheHandshake() {
        settings = new OpenFlowSettings(ECHO, KEEPALIVE, Duration.ofSeconds(10), Duration.ofSeconds(10), 10, 10, 10,
                false, OpenFlowSettings.ControllerRole.MASTER);
        SwitchSession s = newSession();
        OFRoleRequest role = replies.untilRoleRequest(s, transport);
        assertThat(role.getRole()).isEqualTo(OFControllerRole.ROLE_MASTER);
        assertThat(role.getGenerationId().getValue()).isEqualTo(42);
        s.onMessage(SwitchReplies.roleReply(role, OFControllerRole.ROLE_SLAVE));
        assertThat(listener.closeCause).isEqualTo(CloseCause.HANDSHAKE_FAILED);
        assertThat(listener.closeDetail).contains("ROLE_MASTER").contains("ROLE_SLAVE");
    }

    @Test
    void aSwitchWithoutMetersGetsAnUnmeteredPipeline() {
        replies.meterFeaturesUnsupported = true;
        List<OFMessage> pipeline = handshake(newSession());
        assertThat(pipeline).extracting(OFMessage::getType).doesNotContain(OFType.METER_MOD);
        assertThat(pipeline).filteredOn(m -> m instanceof OFFlowAdd)
                .allSatisfy(m -> assertThat(((OFFlowAdd) m).getInstructions())
                        .noneMatch(i -> i instanceof OFInstructionMeter));
    }

    @Test
    void metersLeftByAnEarlierSessionAreModifiedNotAdded() {
        replies.existingMeters = Set.of(BasePipeline.PACKET_IN_METER);
        List<OFMessage> pipeline = handshake(newSession());
        assertThat(pipeline).filteredOn(m -> m instanceof OFMeterMod)
                .extracting(m -> ((OFMeterMod) m).getMeterId() + " " + ((OFMeterMod) m).getCommand())
                .containsExactly("1 " + OFMeterModCommand.MODIFY, "2 " + OFMeterModCommand.ADD);
    }

    @Test
    void aWriteCompletesOnlyWhenItsBarrierReplyArrives() {
        SwitchSession s = activeSession();
        CompletableFuture<Void> done = s.write(List.of(flowIntoTable(5), flowIntoTable(6)));
        List<OFMessage> sent = transport.drain();
        assertThat(sent).extracting(OFMessage::getType)
                .containsExactly(OFType.FLOW_MOD, OFType.FLOW_MOD, OFType.BARRIER_REQUEST);
        OFBarrierRequest barrier = (OFBarrierRequest) sent.get(2);

        s.onMessage(OF13.buildBarrierReply().setXid(barrier.getXid() + 1000).build());
        assertThat(done).isNotDone();
        s.onMessage(SwitchReplies.barrierReply(barrier));
        assertThat(done).isCompleted();
    }

    @Test
    void anErrorForOneMessageFailsTheWriteWithTheDecodedErrorAndTheSessionStaysUp() {
        SwitchSession s = activeSession();
        CompletableFuture<Void> done = s.write(List.of(flowIntoTable(5), flowIntoTable(254)));
        List<OFMessage> sent = transport.drain();
        OFMessage refused = sent.get(1);
        OFFlowModFailedErrorMsg error = OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(refused.getXid())
                .setCode(OFFlowModFailedCode.BAD_TABLE_ID).setData(causeData(refused)).build();
        s.onMessage(error);
        assertThat(done).as("the barrier reply still follows").isNotDone();
        s.onMessage(SwitchReplies.barrierReply((OFBarrierRequest) sent.get(2)));

        assertThat(done).isCompletedExceptionally();
        assertThat(done.handle((v, e) -> e).join())
                .isInstanceOf(OpenFlowErrorException.class)
                .hasMessageContaining("switch of:00000000000000a1 refused")
                .hasMessageContaining("FLOW_MOD_FAILED/BAD_TABLE_ID in reply to FLOW_MOD (xid " + refused.getXid() + ")");
        assertThat(s.state()).isEqualTo(SwitchSession.State.ACTIVE);
        assertThat(transport.closed).isFalse();
    }

    @Test
    void aWriteNobodyAnswersTimesOut() {
        SwitchSession s = activeSession();
        CompletableFuture<Void> done = s.write(List.of(flowIntoTable(5)));
        advance(settings.requestTimeout().minusMillis(1));
        s.onMessage(OF13.buildEchoReply().setXid(9).build());
        s.tick();
        assertThat(done).isNotDone();
        advance(Duration.ofMillis(2));
        s.tick();
        assertThat(done.handle((v, e) -> e).join()).isInstanceOf(TimeoutException.class)
                .hasMessageContaining("barrier after 1 message(s)");
    }

    @Test
    void multipartRepliesAreCollectedUntilTheLastPart() {
        SwitchSession s = activeSession();
        CompletableFuture<List<OFPortDescStatsReply>> reply = s.request(OF13.buildPortDescStatsRequest().build());
        long xid = transport.drain().get(0).getXid();
        s.onMessage(SwitchReplies.multipartPart(xid, true, SwitchReplies.port(1, "a", true)));
        assertThat(reply).isNotDone();
        s.onMessage(SwitchReplies.multipartPart(xid, false, SwitchReplies.port(2, "b", true)));
        assertThat(reply.join()).hasSize(2);
    }

    @Test
    void echoRequestsFromTheSwitchAreAnsweredWithTheirXidAndData() {
        SwitchSession s = activeSession();
        s.onMessage(OF13.buildEchoRequest().setXid(77).setData(new byte[] {1, 2, 3}).build());
        OFEchoReply reply = (OFEchoReply) single(OFType.ECHO_REPLY);
        assertThat(reply.getXid()).isEqualTo(77);
        assertThat(reply.getData()).containsExactly(1, 2, 3);
    }

    @Test
    void silenceBringsAnEchoAndThenTheKeepaliveTimeout() {
        SwitchSession s = activeSession();
        advance(ECHO.minusMillis(1));
        s.tick();
        assertThat(transport.drain()).isEmpty();
        advance(Duration.ofMillis(1));
        s.tick();
        assertThat(transport.drainTypes()).containsExactly(OFType.ECHO_REQUEST);
        advance(Duration.ofMillis(100));
        s.tick();
        assertThat(transport.drain()).as("one echo per interval, not per tick").isEmpty();

        advance(KEEPALIVE.minus(ECHO));
        s.tick();
        assertThat(listener.closeCause).isEqualTo(CloseCause.KEEPALIVE_TIMEOUT);
        assertThat(listener.events).contains("closed KEEPALIVE_TIMEOUT (was active)");
    }

    @Test
    void anyMessageFromTheSwitchKeepsItAlive() {
        SwitchSession s = activeSession();
        for (int i = 0; i < 10; i++) {
            advance(ECHO);
            s.tick();
            s.onMessage(OF13.buildEchoReply().setXid(1000 + i).build());
        }
        assertThat(s.state()).isEqualTo(SwitchSession.State.ACTIVE);
    }

    @Test
    void portStatusIsReportedOnceActive() {
        SwitchSession s = activeSession();
        s.onMessage(OF13.buildPortStatus().setReason(OFPortReason.ADD).setDesc(SwitchReplies.port(3, "eth3", true))
                .build());
        s.onMessage(OF13.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(SwitchReplies.port(1, "eth1", true))
                .build());
        assertThat(listener.events).endsWith("port ADD eth3", "port DELETE eth1");
        assertThat(s.ports()).extracting(p -> p.getName()).containsExactly("eth2", "eth3");
    }

    @Test
    void asynchronousMessagesReachTheListenerOnlyWhenActive() {
        OFMessage packetIn = OF13.buildPacketIn().setXid(5).setReason(OFPacketInReason.NO_MATCH)
                .setTableId(TableId.of(0)).setData(new byte[60]).build();
        SwitchSession s = newSession();
        s.start();
        s.onMessage(SwitchReplies.hello());
        s.onMessage(packetIn);
        assertThat(listener.messages).isEmpty();

        SwitchSession active = activeSession();
        active.onMessage(packetIn);
        assertThat(listener.messages).containsExactly(packetIn);
    }

    @Test
    void metersWithoutPacketRatesAreNotUsed() {
        replies.meterCapabilities = 0x1; // KBPS only
        List<OFMessage> pipeline = handshake(newSession());
        assertThat(pipeline).extracting(OFMessage::getType).doesNotContain(OFType.METER_MOD);
    }

    @Test
    void metersWithoutBurstSupportGetNoBurst() {
        replies.meterCapabilities = 0x2; // PKTPS only
        List<OFMessage> pipeline = handshake(newSession());
        assertThat(pipeline).filteredOn(m -> m instanceof OFMeterMod)
                .allSatisfy(m -> assertThat(((OFMeterMod) m).getFlags()).containsExactly(OFMeterFlags.PKTPS));
    }

    @Test
    void whenTheSwitchRefusesItsMetersThePipelineGoesInWithoutThem() {
        SwitchSession s = newSession();
        s.onMessage(SwitchReplies.roleReply(replies.untilRoleRequest(s, transport)));

        List<OFMessage> metered = transport.drain();
        for (OFMessage m : metered) {
            if (m instanceof OFMeterMod) {
                s.onMessage(OF13.errorMsgs().buildMeterModFailedErrorMsg().setXid(m.getXid())
                        .setCode(OFMeterModFailedCode.OUT_OF_METERS).build());
            }
        }
        s.onMessage(SwitchReplies.barrierReply((OFBarrierRequest) metered.get(metered.size() - 1)));
        assertThat(s.isConnected()).as("not active until a pipeline is in").isFalse();

        List<OFMessage> unmetered = transport.drain();
        assertThat(unmetered).extracting(OFMessage::getType).doesNotContain(OFType.METER_MOD).contains(OFType.FLOW_MOD);
        assertThat(unmetered).filteredOn(m -> m instanceof OFFlowAdd)
                .allSatisfy(m -> assertThat(((OFFlowAdd) m).getInstructions())
                        .noneMatch(i -> i instanceof OFInstructionMeter));
        s.onMessage(SwitchReplies.barrierReply((OFBarrierRequest) unmetered.get(unmetered.size() - 1)));
        assertThat(s.isConnected()).isTrue();
    }

    @Test
    void aSwitchWithoutRoleSupportStillServesAnEqualController() {
        SwitchSession s = newSession();
        OFMessage role = replies.untilRoleRequest(s, transport);
        s.onMessage(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(role.getXid()).setCode(OFBadRequestCode.BAD_TYPE)
                .build());
        List<OFMessage> pipeline = transport.drain();
        s.onMessage(SwitchReplies.barrierReply((OFBarrierRequest) pipeline.get(pipeline.size() - 1)));
        assertThat(s.isConnected()).isTrue();
    }

    @Test
    void anUnparseableMessageDuringTheHandshakeClosesTheConnection() {
        SwitchSession s = newSession();
        s.start();
        s.onMessage(SwitchReplies.hello());
        s.onUnparseable(new UnparseableMessage(4, 6, 2, 12, "Wrong length"));
        assertThat(listener.closeCause).isEqualTo(CloseCause.MALFORMED);
        assertThat(listener.closeDetail).contains("type 6").contains("Wrong length");
    }

    @Test
    void anUnparseableMessageOnAnActiveSessionIsSkipped() {
        SwitchSession s = activeSession();
        s.onUnparseable(new UnparseableMessage(4, 1, 9, 16, "Illegal wire value for type OFBadRequestCode: 99"));
        assertThat(s.isConnected()).isTrue();
        assertThat(transport.closed).isFalse();
    }

    @Test
    void callsAfterTheSessionThreadIsGoneFailInsteadOfThrowing() {
        RecordingTransport stopped = new RecordingTransport() {
            @Override
            public java.util.concurrent.Executor executor() {
                return task -> {
                    throw new java.util.concurrent.RejectedExecutionException("event loop shut down");
                };
            }
        };
        SwitchSession s = new SwitchSession(stopped, listener, settings, clock::get, 42);
        assertThat(s.write(List.of(flowIntoTable(1))).handle((v, e) -> e).join())
                .isInstanceOf(SwitchDisconnectedException.class);
        assertThat(s.request(OF13.buildPortDescStatsRequest().build()).handle((v, e) -> e).join())
                .isInstanceOf(SwitchDisconnectedException.class);
    }

    @Test
    void closingFailsWhatIsPendingAndTellsTheListenerOnce() {
        SwitchSession s = activeSession();
        CompletableFuture<Void> done = s.write(List.of(flowIntoTable(5)));
        s.onTransportClosed();
        s.onTransportClosed();
        assertThat(done.handle((v, e) -> e).join()).isInstanceOf(SwitchDisconnectedException.class);
        assertThat(listener.events).containsOnlyOnce("closed CONNECTION_LOST (was active)");
        assertThat(s.write(List.of(flowIntoTable(5)))).isCompletedExceptionally();
    }

    @Test
    void aMessageInAnotherVersionAfterNegotiationIsAProtocolViolation() {
        SwitchSession s = activeSession();
        s.onMessage(OFFactories.getFactory(OFVersion.OF_10).buildEchoRequest().setXid(1).build());
        assertThat(listener.closeCause).isEqualTo(CloseCause.PROTOCOL_VIOLATION);
    }

    private static OFFlowAdd flowIntoTable(int table) {
        return OF13.buildFlowAdd().setTableId(TableId.of(table)).setPriority(10).build();
    }

    private static OFErrorCauseData causeData(OFMessage m) {
        io.netty.buffer.ByteBuf buf = io.netty.buffer.Unpooled.buffer();
        m.writeTo(buf);
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        return OFErrorCauseData.of(bytes, OFVersion.OF_13);
    }
}
