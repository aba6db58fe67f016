package io.sluice.openflow.flow;

import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.pipeline.BaseRule;
import io.sluice.openflow.pipeline.OpenFlowPipeline;
import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

/**
 * Core's rules as OpenFlow 1.3 FLOW_MODs, tables and meters as {@link OpenFlowPipeline} maps them.
 * A routing rule's id rides in the cookie under {@link #CORE_COOKIE}, so a rule read back from a
 * switch can be traced to core's record of it; a base rule carries its own cookie.
 */
public final class FlowRuleTranslator {
    /** Cookie of every rule core decided: "51ce", kind 1, then the rule id in the low 32 bits. */
    public static final U64 CORE_COOKIE = U64.of(0x51CE_0001_0000_0000L);
    private static final U64 ALL_BITS = U64.of(-1L);

    private FlowRuleTranslator() {
    }

    /**
     * Everything one operation sends, in phases that a batch sends as barrier-confirmed writes of
     * their own (OpenFlow lets a switch reorder messages between barriers): {@code clearGroups}
     * (a group id a new slot reuses, left from an earlier session), {@code groups} (made or
     * rewritten before any flow points at them), {@code flows}, and {@code after} (groups no flow
     * points at any more: deleting a group deletes the flows forwarding to it, §6.5). A rule's group
     * takes the rule's id.
     *
     * @param meters whether the switch has the base pipeline's meters: a rule that sends packets to
     *     the controller then goes through its budget's meter ({@link OpenFlowPipeline#meterId}), so
     *     a burst of new flows cannot flood the controller
     */
    public static Messages toMessages(OFFactory f, FlowRuleOperation op, boolean meters) {
        FlowRule rule = op.rule().rule();
        OFGroup id = OFGroup.of((int) op.rule().id());
        ForwardingGroup now = op.type() == FlowRuleOperation.Type.REMOVE ? null : rule.treatment().group();
        ForwardingGroup before = op.type() == FlowRuleOperation.Type.REMOVE ? rule.treatment().group()
                : op.previous().map(p -> p.treatment().group()).orElse(null);
        Messages m = new Messages();
        if (now != null) {
            if (before != null) {
                m.groups.add(groupMod(f.buildGroupModify(), id, now, f));
            } else {
                // The id is new to this slot, but a switch may still hold it from an earlier session, whose
                // flows were cleared: delete is harmless if there is none (§6.5), ADD would fail if there were.
                m.clearGroups.add(f.buildGroupDelete().setGroup(id).setGroupType(OFGroupType.ALL).build());
                m.groups.add(groupMod(f.buildGroupAdd(), id, now, f));
            }
        }
        m.flows.add(toFlowMod(f, op, meters));
        if (now == null && before != null) {
            m.after.add(f.buildGroupDelete().setGroup(id).setGroupType(OFGroupType.ALL).build());
        }
        return m;
    }

    /** The messages of one or more operations, by phase; {@link #phases()} in the order to send. */
    public static final class Messages {
        final List<OFMessage> clearGroups = new ArrayList<>();
        final List<OFMessage> groups = new ArrayList<>();
        final List<OFMessage> flows = new ArrayList<>();
        final List<OFMessage> after = new ArrayList<>();

        public Messages() {
        }

        /** Adds {@code other}'s messages, phase by phase. */
        public void addAll(Messages other) {
            clearGroups.addAll(other.clearGroups);
            groups.addAll(other.groups);
            flows.addAll(other.flows);
            after.addAll(other.after);
        }

        /** The non-empty phases, in order: each is to be confirmed by a barrier before the next. */
        public List<List<OFMessage>> phases() {
            List<List<OFMessage>> out = new ArrayList<>();
            for (List<OFMessage> p : List.of(clearGroups, groups, flows, after)) {
                if (!p.isEmpty()) {
                    out.add(List.copyOf(p));
                }
            }
            return out;
        }

        /** Every message, in phase order. */
        public List<OFMessage> all() {
            List<OFMessage> out = new ArrayList<>();
            phases().forEach(out::addAll);
            return out;
        }
    }

    private static OFGroupMod groupMod(OFGroupMod.Builder b, OFGroup id, ForwardingGroup g, OFFactory f) {
        List<OFBucket> buckets = new ArrayList<>(g.ports().size());
        for (long port : g.ports()) {
            OFPort p = OFPort.of((int) port);
            List<OFAction> out = List.of(f.actions().output(p, 0xFFFF));
            OFBucket.Builder bucket = f.buildBucket().setActions(out).setWatchGroup(OFGroup.ANY);
            if (g.kind() == ForwardingGroup.Kind.FAST_FAILOVER) {
                bucket.setWatchPort(p).setWeight(0);
            } else {
                bucket.setWatchPort(OFPort.ANY).setWeight(1);
            }
            buckets.add(bucket.build());
        }
        OFGroupType type = g.kind() == ForwardingGroup.Kind.SELECT ? OFGroupType.SELECT : OFGroupType.FF;
        return b.setGroup(id).setGroupType(type).setBuckets(buckets).build();
    }

    /** The FLOW_MOD of {@code op} for a switch without meters. */
    public static OFFlowMod toFlowMod(OFFactory f, FlowRuleOperation op) {
        return toFlowMod(f, op, false);
    }

    static OFFlowMod toFlowMod(OFFactory f, FlowRuleOperation op, boolean meters) {
        FlowRule rule = op.rule().rule();
        OFFlowMod.Builder b;
        switch (op.type()) {
            case ADD:
                b = f.buildFlowAdd();
                break;
            case MODIFY:
                // Only our own rule in that slot: another controller's is not ours to rewrite.
                b = f.buildFlowModifyStrict().setCookieMask(ALL_BITS);
                break;
            case REMOVE:
                // Strict, and only if the cookie is ours: never take out a rule someone else put in that slot.
                b = f.buildFlowDeleteStrict().setCookieMask(ALL_BITS).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY);
                break;
            default:
                throw new IllegalArgumentException("unknown operation " + op.type());
        }
        return flowMod(f, b, rule.table(), rule.priority(), rule.selector(), rule.treatment(),
                rule.idleTimeoutSeconds(), cookie(op.rule().id()), OFGroup.of((int) op.rule().id()), meters,
                op.type() != FlowRuleOperation.Type.REMOVE);
    }

    /**
     * The FLOW_MOD that installs a base rule of core's pipeline, with its own cookie
     * ({@link OpenFlowPipeline#cookie(BaseRule)}) rather than a core rule id: base rules are not in
     * core's record of what routing installed.
     *
     * @param meters whether the switch has the base pipeline's meters (see {@link #toMessages})
     */
    public static OFFlowMod toFlowMod(OFFactory f, BaseRule rule, boolean meters) {
        return flowMod(f, f.buildFlowAdd(), rule.table(), rule.priority(), rule.selector(), rule.treatment(), 0,
                OpenFlowPipeline.cookie(rule), null, meters, true);
    }

    /** @param group the group a treatment with a {@link ForwardingGroup} points at */
    private static OFFlowMod flowMod(OFFactory f, OFFlowMod.Builder b, FlowTable table, int priority,
            TrafficSelector selector, TrafficTreatment treatment, int idleTimeoutSeconds, U64 cookie, OFGroup group,
            boolean meters, boolean withInstructions) {
        b.setTableId(OpenFlowPipeline.tableId(table))
                .setPriority(priority)
                .setMatch(match(f, selector))
                .setCookie(cookie)
                .setIdleTimeout(idleTimeoutSeconds);
        if (withInstructions) {
            b.setBufferId(OFBufferId.NO_BUFFER).setInstructions(instructions(f, treatment, group, meters));
        }
        return b.build();
    }

    /** The cookie for core rule {@code id}. */
    public static U64 cookie(long id) {
        return U64.of(CORE_COOKIE.getValue() | id);
    }

    /** The core rule id in {@code cookie}, or -1 if the cookie is not a core rule's. */
    public static long ruleId(U64 cookie) {
        return cookie.and(OpenFlowPipeline.COOKIE_KIND_MASK).equals(CORE_COOKIE) ? cookie.getValue() & 0xFFFF_FFFFL : -1;
    }

    static Match match(OFFactory f, TrafficSelector s) {
        Match.Builder m = f.buildMatch();
        if (s.inPort() != null) {
            m.setExact(MatchField.IN_PORT, OFPort.of((int) (long) s.inPort()));
        }
        if (s.ethDst() != null) {
            m.setExact(MatchField.ETH_DST, MacAddress.of(s.ethDst().toLong()));
        }
        if (s.vlan() == TrafficSelector.UNTAGGED) {
            m.setExact(MatchField.VLAN_VID, OFVlanVidMatch.UNTAGGED);
        } else if (s.vlan() != TrafficSelector.ANY_VLAN) {
            m.setExact(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(s.vlan()));
        }
        if (s.isIp()) {
            // OpenFlow's prerequisites: IP fields need eth_type IPv4, ports need their protocol.
            m.setExact(MatchField.ETH_TYPE, EthType.IPv4);
        } else if (s.ethType() != null) {
            m.setExact(MatchField.ETH_TYPE, EthType.of(s.ethType()));
        }
        if (s.ipProto() != null) {
            m.setExact(MatchField.IP_PROTO, IpProtocol.of((short) (int) s.ipProto()));
        }
        if (s.ipv4Src() != null) {
            m.setMasked(MatchField.IPV4_SRC, prefix(s.ipv4Src()));
        }
        if (s.ipv4Dst() != null) {
            m.setMasked(MatchField.IPV4_DST, prefix(s.ipv4Dst()));
        }
        if (s.dscp() != null) {
            m.setExact(MatchField.IP_DSCP, IpDscp.of((byte) (int) s.dscp()));
        }
        if (s.srcPort() != null) {
            port(m, srcPortField(s.ipProto()), s.srcPort(), s.srcPortMask());
        }
        if (s.dstPort() != null) {
            port(m, dstPortField(s.ipProto()), s.dstPort(), s.dstPortMask());
        }
        return m.build();
    }

    private static void port(Match.Builder m, MatchField<TransportPort> field, int port, int mask) {
        if (mask == 0xFFFF) {
            m.setExact(field, TransportPort.of(port));
        } else {
            m.setMasked(field, TransportPort.of(port), TransportPort.of(mask));
        }
    }

    private static Masked<IPv4Address> prefix(Ip4Prefix p) {
        return Masked.of(IPv4Address.of(p.address().toInt()), IPv4Address.of(Ip4Prefix.mask(p.length())));
    }

    private static MatchField<TransportPort> srcPortField(int proto) {
        return proto == 6 ? MatchField.TCP_SRC : proto == 17 ? MatchField.UDP_SRC : MatchField.SCTP_SRC;
    }

    private static MatchField<TransportPort> dstPortField(int proto) {
        return proto == 6 ? MatchField.TCP_DST : proto == 17 ? MatchField.UDP_DST : MatchField.SCTP_DST;
    }

    static List<OFInstruction> instructions(OFFactory f, TrafficTreatment t, OFGroup group, boolean meters) {
        // Mark, then queue, then output: the spec's order inside one apply-actions list.
        List<OFAction> actions = new ArrayList<>();
        if (t.setDscp() != null) {
            actions.add(f.actions().setField(f.oxms().ipDscp(IpDscp.of((byte) (int) t.setDscp()))));
        }
        if (t.queue() != null) {
            actions.add(f.actions().setQueue(t.queue()));
        }
        if (t.outputPort() != null) {
            actions.add(f.actions().output(OFPort.of((int) (long) t.outputPort()), 0xFFFF));
        }
        if (t.group() != null) {
            actions.add(f.actions().group(group));
        }
        if (t.isToController()) {
            // The whole packet: the controller sends it back through the tables once it has decided.
            actions.add(f.actions().output(OFPort.CONTROLLER, 0xFFFF));
        }
        List<OFInstruction> out = new ArrayList<>();
        if (t.isToController() && meters) {
            // The budget's own meter; the meter instruction goes first (§5.9).
            out.add(f.instructions().meter(OpenFlowPipeline.meterId(t.puntBudget())));
        }
        if (!actions.isEmpty()) {
            out.add(f.instructions().applyActions(actions));
        }
        if (t.gotoTable() != null) {
            out.add(f.instructions().gotoTable(OpenFlowPipeline.tableId(t.gotoTable())));
        }
        return out;
    }
}
