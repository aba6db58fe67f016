package io.sluice.bench.emulator;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.projectfloodlight.openflow.protocol.OFAggregateStatsRequest;
import org.projectfloodlight.openflow.protocol.OFBucketCounter;
import org.projectfloodlight.openflow.types.OFErrorCauseData;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupStatsEntry;
import org.projectfloodlight.openflow.protocol.OFObject;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsRequest;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFCapabilities;
import org.projectfloodlight.openflow.protocol.OFEchoRequest;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFeaturesRequest;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFGetConfigRequest;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFeaturesStatsRequest;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortFeatures;
import org.projectfloodlight.openflow.protocol.OFPortState;
import org.projectfloodlight.openflow.protocol.OFRoleRequest;
import org.projectfloodlight.openflow.protocol.OFStatsRequest;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.DatapathId;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * One emulated OpenFlow 1.3 switch on its own connection to the controller: it answers the
 * handshake, echo, barrier, role and the multipart requests a controller sends at connect (port
 * description, description, meter features and configuration) and for statistics (port, flow,
 * aggregate, group and group description, split into parts with REPLY_MORE past 64 KiB as a real
 * switch does); it keeps the FLOW_MODs and GROUP_MODs it is sent in an {@link EmulatedFlowTable}
 * (timeouts, FLOW_REMOVED when asked for, errors as Open vSwitch gives them) and accepts METER_MODs;
 * and it hands every PACKET_OUT to the fabric, which turns an output on a cabled port into a
 * PACKET_IN at the other end. A frame arriving at a port (relayed, or from an emulated host) is
 * looked up in table 0: it goes to the controller, with that entry's cookie, only if the entry it
 * hits sends it there; a frame another entry takes on is counted and goes no further (there is no
 * data plane beyond table 0), and a table miss is dropped, as OpenFlow 1.3 says. Port counters count
 * the frames that really crossed each port; flow counters are the table's.
 */
@ChannelHandler.Sharable // one per switch, on each of its connections in turn
final class EmulatedSwitch extends SimpleChannelInboundHandler<OFMessage> {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    /** Multipart replies are split before their entries pass this many bytes (a message holds at most 65,535). */
    private static final int MULTIPART_BYTES = 60_000;

    private final long dpid;
    private final int ports;
    private final FabricEmulator fabric;
    final LongAdder packetInsSent = new LongAdder();
    /** PACKET_OUTs carrying an IPv4 TCP frame: answers to the new-flow load, not LLDP or ARP. */
    final LongAdder loadPacketOuts = new LongAdder();
    /** Every message the controller sent, by type: the comparison counts replies per packet-in from it. */
    private final Map<OFType, LongAdder> received = new EnumMap<>(OFType.class);
    private final EmulatedFlowTable table;
    private final PortCounters portCounters;
    private final long bornNanos = System.nanoTime();
    private volatile ScheduledFuture<?> expiry;
    private volatile Channel channel;
    /** Whether the controller has asked for features on this connection (its handshake is under way or done). */
    volatile boolean handshaken;
    /** Frames that hit no table-0 entry (dropped), and frames an entry took on that do not go up. */
    final LongAdder tableMisses = new LongAdder();
    final LongAdder keptOnSwitch = new LongAdder();

    EmulatedSwitch(long dpid, int ports, FabricEmulator fabric, int tableCapacity, long activeFlowPps) {
        this.dpid = dpid;
        this.ports = ports;
        this.fabric = fabric;
        this.table = new EmulatedFlowTable(tableCapacity, activeFlowPps);
        this.portCounters = new PortCounters(ports);
        for (OFType t : OFType.values()) {
            received.put(t, new LongAdder());
        }
    }

    long dpid() {
        return dpid;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        fabric.switchConnected(this);
        ctx.writeAndFlush(OF13.buildHello().setXid(0).build());
        // Timeouts are checked once a second, as Open vSwitch does; the tables outlive a connection.
        expiry = ctx.channel().eventLoop().scheduleAtFixedRate(this::expire, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        handshaken = false;
        ScheduledFuture<?> e = expiry;
        if (e != null) {
            e.cancel(false);
        }
        // As a real switch does: connect again (the controller may have given up on a slow handshake).
        fabric.reconnectLater(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage m) {
        received.get(m.getType()).increment();
        switch (m.getType()) {
            case HELLO, SET_CONFIG, METER_MOD, ROLE_STATUS -> {
            }
            case GROUP_MOD -> groupMod(ctx, (OFGroupMod) m);
            case FEATURES_REQUEST -> {
                handshaken = true;
                ctx.write(OF13.buildFeaturesReply().setXid(((OFFeaturesRequest) m).getXid())
                    .setDatapathId(DatapathId.of(dpid)).setNBuffers(0).setNTables((short) 254)
                    .setCapabilities(Set.of(OFCapabilities.FLOW_STATS, OFCapabilities.PORT_STATS,
                            OFCapabilities.GROUP_STATS))
                    .build());
            }
            case ECHO_REQUEST -> ctx.writeAndFlush(OF13.buildEchoReply().setXid(m.getXid())
                    .setData(((OFEchoRequest) m).getData()).build());
            case BARRIER_REQUEST -> {
                // Everything before it on this connection is done: the tables are written in order.
                ctx.write(OF13.buildBarrierReply().setXid(((OFBarrierRequest) m).getXid()).build());
                fabric.barrierAnswered(System.nanoTime());
            }
            case ROLE_REQUEST -> {
                OFRoleRequest r = (OFRoleRequest) m;
                ctx.writeAndFlush(OF13.buildRoleReply().setXid(r.getXid()).setRole(r.getRole())
                        .setGenerationId(r.getGenerationId()).build());
            }
            case GET_CONFIG_REQUEST -> ctx.writeAndFlush(OF13.buildGetConfigReply()
                    .setXid(((OFGetConfigRequest) m).getXid()).setMissSendLen(0xFFFF).build());
            case STATS_REQUEST -> statsReplies((OFStatsRequest<?>) m).forEach(ctx::write);
            case FLOW_MOD -> flowMod(ctx, (OFFlowMod) m);
            case PACKET_OUT -> packetOut((OFPacketOut) m);
            default -> {
                // Nothing else needs an answer from a switch that accepts everything.
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // multipart parts are written one by one and leave together
    }

    private void flowMod(ChannelHandlerContext ctx, OFFlowMod fm) {
        long now = System.nanoTime();
        fabric.flowModArrived(now);
        List<EmulatedFlowTable.Removed> removed = new ArrayList<>();
        Optional<String> failed = table.apply(fm, now, removed);
        if (failed.isPresent()) {
            ctx.write(OF13.errorMsgs().buildFlowModFailedErrorMsg().setXid(fm.getXid())
                    .setCode(OFFlowModFailedCode.TABLE_FULL).setData(cause(fm)).build());
            return;
        }
        flowsRemoved(ctx, removed);
    }

    private void groupMod(ChannelHandlerContext ctx, OFGroupMod gm) {
        List<EmulatedFlowTable.Removed> removed = new ArrayList<>();
        Optional<OFGroupModFailedCode> failed = table.apply(gm, removed);
        if (failed.isPresent()) {
            ctx.write(OF13.errorMsgs().buildGroupModFailedErrorMsg().setXid(gm.getXid()).setCode(failed.get())
                    .setData(cause(gm)).build());
        }
        flowsRemoved(ctx, removed);
    }

    private void expire() {
        Channel c = channel;
        List<EmulatedFlowTable.Removed> gone = table.expire(System.nanoTime());
        if (c != null && c.isActive() && !gone.isEmpty()) {
            ChannelHandlerContext ctx = c.pipeline().context(this);
            if (ctx != null) {
                flowsRemoved(ctx, gone);
                ctx.flush();
            }
        }
    }

    /** FLOW_REMOVED for each entry gone whose flags asked for one. */
    private void flowsRemoved(ChannelHandlerContext ctx, List<EmulatedFlowTable.Removed> removed) {
        long now = System.nanoTime();
        for (EmulatedFlowTable.Removed r : removed) {
            EmulatedFlowTable.Entry e = r.entry();
            if (!e.added.getFlags().contains(OFFlowModFlags.SEND_FLOW_REM)) {
                continue;
            }
            long age = now - e.installedNanos;
            ctx.write(OF13.buildFlowRemoved().setXid(0).setCookie(e.cookie()).setPriority(e.priority)
                    .setReason(r.reason()).setTableId(e.table).setDurationSec(age / 1_000_000_000L)
                    .setDurationNsec(age % 1_000_000_000L).setIdleTimeout(e.added.getIdleTimeout())
                    .setHardTimeout(e.added.getHardTimeout()).setPacketCount(U64.of(e.packets(now)))
                    .setByteCount(U64.of(e.bytes(now))).setMatch(e.match).build());
        }
    }

    /** The first 64 bytes of a refused message, as an error carries them. */
    private static OFErrorCauseData cause(OFMessage m) {
        ByteBuf b = Unpooled.buffer();
        m.writeTo(b);
        byte[] bytes = new byte[Math.min(64, b.readableBytes())];
        b.readBytes(bytes);
        return OFErrorCauseData.of(bytes, OFVersion.OF_13);
    }

    private void packetOut(OFPacketOut po) {
        byte[] d = po.getData();
        // An IPv4 TCP frame (untagged) sent somewhere (a PACKET_OUT without an output drops it): the
        // answer to the packet-in that carried it.
        boolean releases = po.getActions().stream().anyMatch(a -> a.getType() == OFActionType.OUTPUT);
        if (releases && d.length >= 38 && d[12] == 0x08 && d[13] == 0x00 && d[23] == 6) {
            loadPacketOuts.increment();
            int ip = ((d[26] & 0xFF) << 24) | ((d[27] & 0xFF) << 16) | ((d[28] & 0xFF) << 8) | (d[29] & 0xFF);
            int l4 = 14 + (d[14] & 0x0F) * 4;
            if (d.length >= l4 + 2) {
                fabric.answered(ip, ((d[l4] & 0xFF) << 8) | (d[l4 + 1] & 0xFF));
            }
        }
        for (OFAction a : po.getActions()) {
            if (a.getType() == OFActionType.OUTPUT) {
                OFPort out = ((OFActionOutput) a).getPort();
                int port = out.getPortNumber();
                if (port >= 1 && port <= ports) {
                    portCounters.sent(port, d.length);
                    fabric.transmit(this, port, d);
                }
            }
        }
    }

    /**
     * Whether {@code newFlow}, a new flow's first frame arriving at {@code port}, would go to the controller: the table-0
     * entry it hits sends it up (a controller that classifies new flows itself puts one on each host
     * port; a learning switch's table-miss entry does the same for every port).
     */
    boolean sendsNewFlowsUp(int port, byte[] newFlow) {
        EmulatedFlowTable.Entry hit = table.peek(FrameFields.of(port, newFlow));
        return hit != null && hit.toController();
    }

    /** A frame arriving at {@code port}: looked up in table 0, and to the controller if the entry hit says so. */
    void receive(int port, byte[] frame) {
        portCounters.received(port, frame.length);
        EmulatedFlowTable.Entry hit = table.lookup(FrameFields.of(port, frame), System.nanoTime());
        if (hit == null) {
            tableMisses.increment();
            return;
        }
        if (!hit.toController()) {
            keptOnSwitch.increment();
            return;
        }
        Channel c = channel;
        if (c == null || !c.isActive()) {
            return;
        }
        packetInsSent.increment();
        c.writeAndFlush(OF13.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length)
                .setReason(hit.isTableMiss() ? OFPacketInReason.NO_MATCH : OFPacketInReason.ACTION)
                .setTableId(TableId.ZERO)
                .setCookie(hit.cookie())
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build())
                .setData(frame)
                .build());
    }

    /**
     * The reply to a multipart request: one message, or several with REPLY_MORE on all but the last.
     * Lists of entries go out as raw multipart messages, each entry encoded once (measuring a part by
     * encoding it and then encoding the reply again doubled the emulator's cost of every statistics round).
     */
    private List<Object> statsReplies(OFStatsRequest<?> r) {
        long xid = r.getXid();
        long now = System.nanoTime();
        return switch (r.getStatsType()) {
            case PORT_DESC -> parts(xid, MP_PORT_DESC, portDescs());
            case DESC -> List.of(OF13.buildDescStatsReply().setXid(xid).setMfrDesc("Sluice").setHwDesc("emulated switch")
                    .setSwDesc("sluice-bench fabric emulator").setSerialNum(Long.toHexString(dpid)).setDpDesc(fabric.name())
                    .build());
            case METER_FEATURES -> List.of(OF13.buildMeterFeaturesStatsReply().setXid(xid).setFeatures(OF13.buildMeterFeatures()
                    .setMaxMeter(64).setBandTypes(1L << 1 /* OFPMBT_DROP */).setCapabilities(0b1111 /* kbps, pktps, burst, stats */)
                    .setMaxBands((short) 1).setMaxColor((short) 0).build()).build());
            case METER_CONFIG -> List.of(OF13.buildMeterConfigStatsReply().setXid(xid).setEntries(List.of()).build());
            case FLOW -> parts(xid, MP_FLOW, table.select((OFFlowStatsRequest) r, now, this::flowStats));
            case AGGREGATE -> List.of(aggregate((OFAggregateStatsRequest) r, now));
            case GROUP -> parts(xid, MP_GROUP, groupStats(now));
            case GROUP_DESC -> parts(xid, MP_GROUP_DESC, groupDescs());
            case PORT -> parts(xid, MP_PORT, portStats(((OFPortStatsRequest) r).getPortNo(), now));
            default -> List.of(OF13.errorMsgs().buildBadRequestErrorMsg().setXid(xid)
                    .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_STAT).build());
        };
    }

    /** OpenFlow 1.3 multipart types (ofp_multipart_type) of the lists this switch replies with. */
    private static final int MP_FLOW = 1;
    private static final int MP_PORT = 4;
    private static final int MP_GROUP = 6;
    private static final int MP_GROUP_DESC = 7;
    private static final int MP_PORT_DESC = 13;

    /**
     * Entries as OpenFlow 1.3 MULTIPART_REPLY messages of at most {@link #MULTIPART_BYTES} of entries
     * each, REPLY_MORE on all but the last, written as bytes (the channel's encoder passes them on).
     */
    private static List<Object> parts(long xid, int type, List<? extends OFObject> entries) {
        ByteBuf body = Unpooled.buffer(Math.max(64, entries.size() * 128));
        List<Integer> ends = new ArrayList<>(entries.size());
        for (OFObject e : entries) {
            e.writeTo(body);
            ends.add(body.writerIndex());
        }
        List<Object> out = new ArrayList<>();
        int start = 0;
        int last = 0;
        for (int end : ends) {
            if (end - start > MULTIPART_BYTES && last > start) {
                out.add(multipart(xid, type, true, body, start, last));
                start = last;
            }
            last = end;
        }
        out.add(multipart(xid, type, false, body, start, last));
        body.release();
        return out;
    }

    private static ByteBuf multipart(long xid, int type, boolean more, ByteBuf body, int from, int to) {
        int length = 16 + (to - from);
        ByteBuf m = Unpooled.buffer(length);
        m.writeByte(4).writeByte(19).writeShort(length).writeInt((int) xid); // OF 1.3, MULTIPART_REPLY
        m.writeShort(type).writeShort(more ? 1 : 0).writeInt(0);             // type, REPLY_MORE, pad
        m.writeBytes(body, from, to - from);
        return m;
    }

    private OFFlowStatsEntry flowStats(EmulatedFlowTable.Entry e, long now) {
        long age = now - e.installedNanos;
        return OF13.buildFlowStatsEntry().setTableId(e.table).setDurationSec(age / 1_000_000_000L)
                .setDurationNsec(age % 1_000_000_000L).setPriority(e.priority).setIdleTimeout(e.added.getIdleTimeout())
                .setHardTimeout(e.added.getHardTimeout()).setFlags(e.added.getFlags()).setCookie(e.cookie())
                .setPacketCount(U64.of(e.packets(now))).setByteCount(U64.of(e.bytes(now))).setMatch(e.match)
                .setInstructions(e.instructions).build();
    }

    private OFMessage aggregate(OFAggregateStatsRequest r, long now) {
        OFFlowStatsRequest asFlows = OF13.buildFlowStatsRequest().setTableId(r.getTableId()).setOutPort(r.getOutPort())
                .setOutGroup(r.getOutGroup()).setCookie(r.getCookie()).setCookieMask(r.getCookieMask())
                .setMatch(r.getMatch()).build();
        List<long[]> counts = table.select(asFlows, now, (e, t) -> new long[] {e.packets(t), e.bytes(t)});
        return OF13.buildAggregateStatsReply().setXid(r.getXid())
                .setPacketCount(U64.of(counts.stream().mapToLong(c -> c[0]).sum()))
                .setByteCount(U64.of(counts.stream().mapToLong(c -> c[1]).sum())).setFlowCount(counts.size()).build();
    }

    private List<OFGroupStatsEntry> groupStats(long now) {
        long age = now - bornNanos;
        List<OFGroupStatsEntry> out = new ArrayList<>();
        for (OFGroupMod g : table.groups()) {
            List<OFBucketCounter> buckets = new ArrayList<>();
            for (int i = 0; i < g.getBuckets().size(); i++) {
                buckets.add(OF13.buildBucketCounter().setPacketCount(U64.ZERO).setByteCount(U64.ZERO).build());
            }
            out.add(OF13.buildGroupStatsEntry().setGroup(g.getGroup()).setRefCount(0).setPacketCount(U64.ZERO)
                    .setByteCount(U64.ZERO).setDurationSec(age / 1_000_000_000L).setDurationNsec(age % 1_000_000_000L)
                    .setBucketStats(buckets).build());
        }
        return out;
    }

    private List<OFGroupDescStatsEntry> groupDescs() {
        List<OFGroupDescStatsEntry> out = new ArrayList<>();
        for (OFGroupMod g : table.groups()) {
            out.add(OF13.buildGroupDescStatsEntry().setGroupType(g.getGroupType()).setGroup(g.getGroup())
                    .setBuckets(g.getBuckets()).build());
        }
        return out;
    }

    private List<OFPortStatsEntry> portStats(OFPort which, long now) {
        long age = now - bornNanos;
        List<OFPortStatsEntry> out = new ArrayList<>();
        for (int p = 1; p <= ports; p++) {
            if (!which.equals(OFPort.ANY) && which.getPortNumber() != p) {
                continue;
            }
            out.add(OF13.buildPortStatsEntry().setPortNo(OFPort.of(p))
                    .setRxPackets(U64.of(portCounters.rxPackets(p))).setTxPackets(U64.of(portCounters.txPackets(p)))
                    .setRxBytes(U64.of(portCounters.rxBytes(p))).setTxBytes(U64.of(portCounters.txBytes(p)))
                    .setRxDropped(U64.ZERO).setTxDropped(U64.ZERO).setRxErrors(U64.ZERO).setTxErrors(U64.ZERO)
                    .setRxFrameErr(U64.ZERO).setRxOverErr(U64.ZERO).setRxCrcErr(U64.ZERO).setCollisions(U64.ZERO)
                    .setDurationSec(age / 1_000_000_000L).setDurationNsec(age % 1_000_000_000L).build());
        }
        return out;
    }

    /** Messages of {@code type} the controller has sent this switch. */
    long received(OFType type) {
        return received.get(type).sum();
    }

    /** Entries in this switch's flow table. */
    int flowEntries() {
        return table.size();
    }

    /** Each flow entry in turn (under the table's lock). */
    void forEachFlow(java.util.function.Consumer<EmulatedFlowTable.Entry> visit) {
        table.forEach(visit);
    }

    private List<OFPortDesc> portDescs() {
        List<OFPortDesc> out = new ArrayList<>();
        for (int p = 1; p <= ports; p++) {
            out.add(OF13.buildPortDesc().setPortNo(OFPort.of(p))
                    .setHwAddr(MacAddress.of(0x0200_0000_0000L | (dpid & 0xFFFF_FFL) << 8 | p))
                    .setName("s" + Long.toHexString(dpid) + "-eth" + p)
                    .setConfig(Set.<OFPortConfig>of())
                    .setState(Set.of(OFPortState.LIVE))
                    .setCurr(Set.of(OFPortFeatures.PF_10GB_FD, OFPortFeatures.PF_COPPER))
                    .setAdvertised(Set.of()).setSupported(Set.of()).setPeer(Set.of())
                    .setCurrSpeed(10_000_000).setMaxSpeed(10_000_000)
                    .build());
        }
        return out;
    }
}
