package io.sluice.openflow.session;

import java.util.List;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFControllerRole;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterConfig;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFStatsReplyFlags;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFAuxId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * Answers a session's handshake requests the way an OpenFlow 1.3 switch does, so the state
 * machine can be driven without a network.
 */
public final class SwitchReplies {
    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    /** Datapath id the replies carry; change it to play another switch. */
    public long dpid = 0xa1;
    static final long DPID = 0xa1;

    /** Meter capacity the switch claims; 0 means no meters. */
    long maxMeters = 200_000;
    /** Meter ids already on the switch. */
    Set<Long> existingMeters = Set.of();
    /** Whether METER_FEATURES is answered with an error, as by a switch without meters. */
    boolean meterFeaturesUnsupported;
    /** METER_FEATURES capabilities: OFPMF_KBPS | PKTPS | BURST | STATS by default. */
    long meterCapabilities = 0xF;
    short tables = 254;
    public List<OFPortDesc> ports = List.of(port(1, "eth1", true), port(2, "eth2", false));

    /**
     * Drives {@code session} from start to ACTIVE, answering every request; returns the
     * base-pipeline write it sent (confirmed by the barrier reply given here).
     */
    public List<OFMessage> completeHandshake(SwitchSession session, RecordingTransport transport) {
        OFRoleRequest role = untilRoleRequest(session, transport);
        if (role == null) {
            return List.of(); // refused at identification
        }
        session.onMessage(roleReply(role));
        List<OFMessage> pipeline = transport.drain();
        session.onMessage(barrierReply((OFBarrierRequest) pipeline.get(pipeline.size() - 1)));
        return pipeline;
    }

    /**
     * Drives {@code session} from start until it asks for its role; returns that request, or null
     * when the session was closed at identification.
     */
    public OFRoleRequest untilRoleRequest(SwitchSession session, RecordingTransport transport) {
        session.start();
        transport.drain();
        session.onMessage(hello());
        session.onMessage(features(transport.drain().get(0).getXid()));
        if (session.state() == SwitchSession.State.CLOSED) {
            return null;
        }
        for (OFMessage request : transport.drain()) {
            session.onMessage(answer((OFStatsRequest<?>) request));
        }
        List<OFMessage> sent = transport.drain();
        if (sent.size() != 1 || !(sent.get(0) instanceof OFRoleRequest)) {
            throw new AssertionError("expected one ROLE_REQUEST after the description, got " + sent);
        }
        return (OFRoleRequest) sent.get(0);
    }

    public static OFPortDesc port(int number, String name, boolean up) {
        return OF13.buildPortDesc()
                .setPortNo(OFPort.of(number))
                .setName(name)
                .setHwAddr(MacAddress.of(0x020000000000L + number))
                .setConfig(up ? Set.of() : Set.of(OFPortConfig.PORT_DOWN))
                .setState(up ? Set.of(OFPortState.LIVE) : Set.of(OFPortState.LINK_DOWN))
                .setCurrSpeed(10_000_000)
                .setMaxSpeed(0)
                .build();
    }

    static OFMessage hello() {
        return OF13.buildHello().setXid(100).build();
    }

    OFMessage features(long xid) {
        return OF13.buildFeaturesReply().setXid(xid).setDatapathId(DatapathId.of(dpid)).setNTables(tables)
                .setAuxiliaryId(OFAuxId.MAIN).build();
    }

    /** The reply to a multipart request, by its type. */
    OFMessage answer(OFStatsRequest<?> request) {
        long xid = request.getXid();
        switch (request.getStatsType()) {
            case PORT_DESC:
                return OF13.buildPortDescStatsReply().setXid(xid).setEntries(ports).build();
            case DESC:
                return OF13.buildDescStatsReply().setXid(xid).setMfrDesc("Nicira, Inc.").setHwDesc("Open vSwitch")
                        .setSwDesc("3.1.0").setSerialNum("None").setDpDesc("br-test").build();
            case METER_FEATURES:
                if (meterFeaturesUnsupported) {
                    return OF13.errorMsgs().buildBadRequestErrorMsg().setXid(xid)
                            .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_STAT).build();
                }
                return OF13.buildMeterFeaturesStatsReply().setXid(xid).setFeatures(OF13.buildMeterFeatures()
                        .setMaxMeter(maxMeters).setBandTypes(maxMeters == 0 ? 0 : 0x2).setCapabilities(meterCapabilities)
                        .setMaxBands((short) 1).setMaxColor((short) 0).build()).build();
            case METER_CONFIG:
                List<OFMeterConfig> entries = existingMeters.stream()
                        .map(id -> OF13.buildMeterConfig().setMeterId(id).setEntries(List.of()).build()).toList();
                return OF13.buildMeterConfigStatsReply().setXid(xid).setEntries(entries).build();
            default:
                throw new IllegalArgumentException("no canned reply for " + request.getStatsType());
        }
    }

    static OFMessage roleReply(OFRoleRequest request) {
        return OF13.buildRoleReply().setXid(request.getXid()).setRole(request.getRole())
                .setGenerationId(request.getGenerationId()).build();
    }

    static OFMessage roleReply(OFRoleRequest request, OFControllerRole granted) {
        return OF13.buildRoleReply().setXid(request.getXid()).setRole(granted).setGenerationId(U64.ZERO).build();
    }

    static OFMessage barrierReply(OFBarrierRequest request) {
        return OF13.buildBarrierReply().setXid(request.getXid()).build();
    }

    static OFMessage multipartPart(long xid, boolean more, OFPortDesc... ports) {
        return OF13.buildPortDescStatsReply().setXid(xid).setFlags(more ? Set.of(OFStatsReplyFlags.REPLY_MORE) : Set.of())
                .setEntries(List.of(ports)).build();
    }
}
