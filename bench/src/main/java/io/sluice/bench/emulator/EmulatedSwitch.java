package io.sluice.bench.emulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
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
 * description, description, meter features and configuration) and for statistics (empty or zero
 * counters); it accepts every FLOW_MOD, GROUP_MOD and METER_MOD (counting FLOW_MODs); and it hands
 * every PACKET_OUT to the fabric, which turns an output on a cabled port into a PACKET_IN at the
 * other end. The packet-in's cookie is that of the rule a real switch would have matched: the
 * controller's LLDP or ARP rule in table 0 by EtherType, a port's "IPv4 to the controller" rule,
 * else its table-miss rule. (There is no flow table beyond that: every host frame goes up.)
 */
@ChannelHandler.Sharable // one per switch, on each of its connections in turn
final class EmulatedSwitch extends SimpleChannelInboundHandler<OFMessage> {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    private final long dpid;
    private final int ports;
    private final FabricEmulator fabric;
    final LongAdder flowMods = new LongAdder();
    final LongAdder packetOuts = new LongAdder();
    final LongAdder packetInsSent = new LongAdder();
    private volatile Channel channel;
    /** Cookies of the controller's table-0 rules for LLDP, ARP and the table miss, as it installs them. */
    private volatile U64 lldpCookie = U64.ZERO;
    private volatile U64 arpCookie = U64.ZERO;
    private volatile U64 missCookie = U64.ZERO;
    /** Per port, the cookie of a rule sending its IPv4 to the controller, if there is one. */
    private final Map<Integer, U64> ipv4ToController = new ConcurrentHashMap<>();

    EmulatedSwitch(long dpid, int ports, FabricEmulator fabric) {
        this.dpid = dpid;
        this.ports = ports;
        this.fabric = fabric;
    }

    long dpid() {
        return dpid;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        fabric.switchConnected(this);
        ctx.writeAndFlush(OF13.buildHello().setXid(0).build());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // As a real switch does: connect again (the controller may have given up on a slow handshake).
        fabric.reconnectLater(this);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, OFMessage m) {
        switch (m.getType()) {
            case HELLO, SET_CONFIG, GROUP_MOD, METER_MOD, ROLE_STATUS -> {
            }
            case FEATURES_REQUEST -> ctx.writeAndFlush(OF13.buildFeaturesReply().setXid(((OFFeaturesRequest) m).getXid())
                    .setDatapathId(DatapathId.of(dpid)).setNBuffers(0).setNTables((short) 254)
                    .setCapabilities(Set.of(OFCapabilities.FLOW_STATS, OFCapabilities.PORT_STATS,
                            OFCapabilities.GROUP_STATS, OFCapabilities.TABLE_STATS))
                    .build());
            case ECHO_REQUEST -> ctx.writeAndFlush(OF13.buildEchoReply().setXid(m.getXid())
                    .setData(((OFEchoRequest) m).getData()).build());
            case BARRIER_REQUEST -> ctx.writeAndFlush(OF13.buildBarrierReply().setXid(((OFBarrierRequest) m).getXid())
                    .build());
            case ROLE_REQUEST -> {
                OFRoleRequest r = (OFRoleRequest) m;
                ctx.writeAndFlush(OF13.buildRoleReply().setXid(r.getXid()).setRole(r.getRole())
                        .setGenerationId(r.getGenerationId()).build());
            }
            case GET_CONFIG_REQUEST -> ctx.writeAndFlush(OF13.buildGetConfigReply()
                    .setXid(((OFGetConfigRequest) m).getXid()).setMissSendLen(0xFFFF).build());
            case STATS_REQUEST -> ctx.writeAndFlush(statsReply((OFStatsRequest<?>) m));
            case FLOW_MOD -> flowMod((OFFlowMod) m);
            case PACKET_OUT -> packetOut((OFPacketOut) m);
            default -> {
                // Nothing else needs an answer from a switch that accepts everything.
            }
        }
    }

    private void flowMod(OFFlowMod fm) {
        flowMods.increment();
        toControllerRule(fm);
        if (fm.getMatch().isExact(MatchField.IPV4_SRC) && fm.getMatch().isExact(MatchField.TCP_SRC)) {
            fabric.answered(fm.getMatch().get(MatchField.IPV4_SRC).getInt(),
                    fm.getMatch().get(MatchField.TCP_SRC).getPort());
        }
        if (!fm.getTableId().equals(TableId.ZERO)) {
            return;
        }
        if (fm.getPriority() == 0 && !fm.getMatch().getMatchFields().iterator().hasNext()) {
            missCookie = fm.getCookie();
        } else if (fm.getMatch().isExact(MatchField.ETH_TYPE)) {
            EthType t = fm.getMatch().get(MatchField.ETH_TYPE);
            if (t.equals(EthType.LLDP)) {
                lldpCookie = fm.getCookie();
            } else if (t.equals(EthType.ARP) && !fm.getMatch().isExact(MatchField.IN_PORT)) {
                arpCookie = fm.getCookie();
            }
        }
    }

    private void packetOut(OFPacketOut po) {
        packetOuts.increment();
        byte[] d = po.getData();
        // An IPv4 TCP frame (untagged, no options): the answer to the packet-in that carried it.
        if (d.length >= 38 && d[12] == 0x08 && d[13] == 0x00 && d[23] == 6) {
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
                    fabric.transmit(this, port, po.getData());
                }
            }
        }
    }

    /**
     * Keeps the cookie of a table-0 rule that sends a port's IPv4 to the controller (a controller that
     * classifies new flows itself installs one per edge port), so a host's IPv4 packet-in names it.
     */
    private void toControllerRule(OFFlowMod fm) {
        if (!fm.getTableId().equals(TableId.ZERO) || !fm.getMatch().isExact(MatchField.IN_PORT)
                || !fm.getMatch().isExact(MatchField.ETH_TYPE)
                || !fm.getMatch().get(MatchField.ETH_TYPE).equals(EthType.IPv4)) {
            return;
        }
        int n = 0;
        for (MatchField<?> ignored : fm.getMatch().getMatchFields()) {
            n++;
        }
        if (n != 2) {
            return; // a narrower rule (a policy entry, a flow's own): not the port's catch-all
        }
        int port = fm.getMatch().get(MatchField.IN_PORT).getPortNumber();
        boolean up = false;
        if (fm.getCommand() != OFFlowModCommand.DELETE && fm.getCommand() != OFFlowModCommand.DELETE_STRICT) {
            for (OFInstruction i : fm.getInstructions()) {
                if (i instanceof OFInstructionApplyActions a) {
                    up |= a.getActions().stream().anyMatch(x -> x instanceof OFActionOutput o
                            && o.getPort().equals(OFPort.CONTROLLER));
                }
            }
        }
        if (up) {
            ipv4ToController.put(port, fm.getCookie());
        } else {
            ipv4ToController.remove(port);
        }
    }

    /** Ports whose IPv4 a controller rule sends up. */
    int portsSendingIpv4Up() {
        return ipv4ToController.size();
    }

    /** A frame arriving at {@code port}: to the controller, as the rule it would match says. */
    void receive(int port, byte[] frame) {
        Channel c = channel;
        if (c == null || !c.isActive()) {
            return;
        }
        int type = frame.length >= 14 ? ((frame[12] & 0xFF) << 8) | (frame[13] & 0xFF) : -1;
        U64 classify = type == 0x0800 ? ipv4ToController.get(port) : null;
        U64 cookie = type == 0x88cc ? lldpCookie : type == 0x0806 ? arpCookie : classify != null ? classify : missCookie;
        OFPacketInReason reason = type == 0x88cc || type == 0x0806 || classify != null ? OFPacketInReason.ACTION
                : OFPacketInReason.NO_MATCH;
        packetInsSent.increment();
        c.writeAndFlush(OF13.buildPacketIn()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setTotalLen(frame.length)
                .setReason(reason)
                .setTableId(TableId.ZERO)
                .setCookie(cookie)
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(port)).build())
                .setData(frame)
                .build());
    }

    private OFMessage statsReply(OFStatsRequest<?> r) {
        long xid = r.getXid();
        return switch (r.getStatsType()) {
            case PORT_DESC -> OF13.buildPortDescStatsReply().setXid(xid).setEntries(portDescs()).build();
            case DESC -> OF13.buildDescStatsReply().setXid(xid).setMfrDesc("Sluice").setHwDesc("emulated switch")
                    .setSwDesc("sluice-bench fabric emulator").setSerialNum(Long.toHexString(dpid)).setDpDesc(fabric.name())
                    .build();
            case METER_FEATURES -> OF13.buildMeterFeaturesStatsReply().setXid(xid).setFeatures(OF13.buildMeterFeatures()
                    .setMaxMeter(64).setBandTypes(1L << 1 /* OFPMBT_DROP */).setCapabilities(0b1111 /* kbps, pktps, burst, stats */)
                    .setMaxBands((short) 1).setMaxColor((short) 0).build()).build();
            case METER_CONFIG -> OF13.buildMeterConfigStatsReply().setXid(xid).setEntries(List.of()).build();
            case FLOW -> OF13.buildFlowStatsReply().setXid(xid).setEntries(List.of()).build();
            case GROUP -> OF13.buildGroupStatsReply().setXid(xid).setEntries(List.of()).build();
            case GROUP_DESC -> OF13.buildGroupDescStatsReply().setXid(xid).setEntries(List.of()).build();
            case PORT -> OF13.buildPortStatsReply().setXid(xid).setEntries(List.of()).build();
            default -> OF13.errorMsgs().buildBadRequestErrorMsg().setXid(xid)
                    .setCode(org.projectfloodlight.openflow.protocol.OFBadRequestCode.BAD_STAT).build();
        };
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
