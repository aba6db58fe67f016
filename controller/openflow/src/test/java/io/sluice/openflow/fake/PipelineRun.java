package io.sluice.openflow.fake;

import io.sluice.openflow.fake.FakeSwitchTables.Hit;
import io.sluice.openflow.fake.FakeSwitchTables.Output;
import io.sluice.openflow.fake.FakeSwitchTables.Result;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFActionType;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFInstructionType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.action.OFActionSetQueue;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteMetadata;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.U64;

/** One packet's walk through the tables of a switch (OpenFlow 1.3.5 §5.1, §5.9, §5.10). */
final class PipelineRun {
    /** §5.10: the action set runs in this order whatever order it was written in. */
    private static final List<OFActionType> ACTION_SET_ORDER = List.of(OFActionType.POP_VLAN, OFActionType.PUSH_VLAN,
            OFActionType.SET_FIELD, OFActionType.SET_QUEUE, OFActionType.GROUP, OFActionType.OUTPUT);
    /** §5.9: instructions run in this order whatever order the flow-mod listed them in. */
    private static final List<OFInstructionType> INSTRUCTION_ORDER = List.of(OFInstructionType.METER,
            OFInstructionType.APPLY_ACTIONS, OFInstructionType.CLEAR_ACTIONS, OFInstructionType.WRITE_ACTIONS,
            OFInstructionType.WRITE_METADATA, OFInstructionType.GOTO_TABLE);

    private final FlowTables flows;
    private final GroupTable groups;
    private final Set<Long> ports;
    private final Function<Long, Boolean> portLive;
    private final List<Output> outputs = new ArrayList<>();
    private final List<Hit> hits = new ArrayList<>();
    private final List<Long> meters = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    PipelineRun(FlowTables flows, GroupTable groups, Set<Long> ports, Function<Long, Boolean> portLive) {
        this.flows = flows;
        this.groups = groups;
        this.ports = ports;
        this.portLive = portLive;
    }

    Result run(Packet packet) {
        // The action set: one action per type, one set-field per field (§5.10); keyed accordingly.
        Map<String, OFAction> actionSet = new LinkedHashMap<>();
        int table = 0;
        while (true) {
            FlowTables.Row row = flows.lookup(table, packet);
            if (row == null) {
                // §5.4: without a table-miss entry an unmatched packet is dropped, action set unrun.
                notes.add("table " + table + " miss: dropped");
                return result();
            }
            row.packets++;
            hits.add(new Hit(table, row.snapshot()));
            Integer next = null;
            for (OFInstruction i : inSpecOrder(row.instructions)) {
                if (i instanceof OFInstructionMeter m) {
                    meters.add(m.getMeterId());
                } else if (i instanceof OFInstructionApplyActions a) {
                    applyList(a.getActions(), packet);
                } else if (i instanceof OFInstructionWriteActions w) {
                    w.getActions().forEach(a -> actionSet.put(setKey(a), a));
                } else if (i instanceof OFInstructionWriteMetadata w) {
                    U64 old = (U64) packet.valueForMatching(MatchField.METADATA);
                    U64 mask = w.getMetadataMask();
                    packet.set(MatchField.METADATA, old.and(mask.inverse()).or(w.getMetadata().and(mask)));
                } else if (i instanceof OFInstructionGotoTable g) {
                    next = (int) g.getTableId().getValue();
                } else if (i.getType() == OFInstructionType.CLEAR_ACTIONS) {
                    actionSet.clear();
                }
            }
            if (next == null) {
                runActionSet(actionSet, packet);
                return result();
            }
            table = next;
        }
    }

    private Result result() {
        return new Result(List.copyOf(outputs), List.copyOf(hits), List.copyOf(meters), List.copyOf(notes));
    }

    private static List<OFInstruction> inSpecOrder(List<OFInstruction> instructions) {
        List<OFInstruction> sorted = new ArrayList<>(instructions);
        sorted.sort(Comparator.comparingInt(i -> INSTRUCTION_ORDER.indexOf(i.getType())));
        return sorted;
    }

    private static String setKey(OFAction a) {
        return a instanceof OFActionSetField s ? "SET_FIELD:" + s.getField().getMatchField().getName() : a.getType().name();
    }

    /** §5.10: with a group in the action set its output action is ignored. */
    private void runActionSet(Map<String, OFAction> actionSet, Packet packet) {
        List<OFAction> ordered = new ArrayList<>(actionSet.values());
        ordered.sort(Comparator.comparingInt(a -> ACTION_SET_ORDER.indexOf(a.getType())));
        boolean hasGroup = actionSet.containsKey(OFActionType.GROUP.name());
        for (OFAction a : ordered) {
            if (!(hasGroup && a.getType() == OFActionType.OUTPUT)) {
                apply(a, packet);
            }
        }
    }

    private void applyList(List<OFAction> actions, Packet packet) {
        for (OFAction a : actions) {
            apply(a, packet);
        }
    }

    private void apply(OFAction a, Packet packet) {
        switch (a.getType()) {
            case OUTPUT -> output(((OFActionOutput) a).getPort(), packet);
            case GROUP -> group(((OFActionGroup) a).getGroup(), packet);
            case SET_QUEUE -> packet.queueId = OptionalLong.of(((OFActionSetQueue) a).getQueueId());
            case SET_FIELD -> setField((OFActionSetField) a, packet);
            case PUSH_VLAN -> {
                if (packet.has(MatchField.VLAN_VID)) {
                    throw new UnsupportedOperationException("the fake switch does not model double tagging: "
                            + a + " on " + packet);
                }
                packet.set(MatchField.VLAN_VID, OFVlanVidMatch.PRESENT);
            }
            case POP_VLAN -> {
                if (!packet.has(MatchField.VLAN_VID)) {
                    throw new IllegalStateException("pop_vlan on an untagged packet " + packet + " " + where());
                }
                packet.remove(MatchField.VLAN_VID);
                packet.remove(MatchField.VLAN_PCP);
            }
            default -> throw new IllegalStateException("unchecked action " + a);
        }
    }

    /**
     * Rewrites one header. Setting a header the packet does not have (a VLAN id on an untagged
     * packet, an IPv4 address on ARP) is a controller bug the spec leaves undefined, so it fails.
     */
    private void setField(OFActionSetField a, Packet packet) {
        MatchField<?> field = a.getField().getMatchField();
        OFValueType<?> value = a.getField().getValue();
        if (field.equals(MatchField.VLAN_VID)) {
            if (!packet.has(MatchField.VLAN_VID)) {
                throw new IllegalStateException("set_field vlan_vid on an untagged packet " + packet
                        + " (push_vlan first) " + where());
            }
            // Controllers differ on whether they set OFPVID_PRESENT in set-field; a tag is a tag.
            short raw = ((OFVlanVidMatch) value).getRawVid();
            value = OFVlanVidMatch.ofRawVid((short) (raw | 0x1000));
        } else if (!field.arePrerequisitesOK(packet.toMatch())) {
            throw new IllegalStateException("set_field " + field.getName() + " on a packet without that header "
                    + packet + " " + where());
        }
        packet.set(field, value);
    }

    private String where() {
        return hits.isEmpty() ? "" : "(after " + hits.get(hits.size() - 1) + ")";
    }

    private void output(OFPort port, Packet packet) {
        OFPort in = packet.inPort();
        if (port.equals(OFPort.ALL) || port.equals(OFPort.FLOOD)) {
            if (ports.isEmpty()) {
                throw new IllegalStateException("output " + port + " needs the switch's ports (setPorts)");
            }
            for (long p : ports) {
                if (p != Integer.toUnsignedLong(in.getPortNumber())) {
                    emit(OFPort.of((int) p), packet);
                }
            }
        } else if (port.equals(OFPort.IN_PORT)) {
            emit(in, packet);
        } else if (port.equals(in)) {
            // §7.2.5: to send a packet back out its ingress port, OFPP_IN_PORT must be used.
            notes.add("output to ingress port " + port.getPortNumber() + " dropped (use IN_PORT)");
        } else {
            emit(port, packet);
        }
    }

    private void emit(OFPort port, Packet packet) {
        outputs.add(new Output(port, packet.toMatch(), packet.queueId));
    }

    /** §5.6.1. Each bucket works on its own copy of the packet. */
    private void group(OFGroup id, Packet packet) {
        GroupTable.Group g = groups.get(id);
        List<OFBucket> buckets = g.buckets();
        switch (g.type()) {
            case ALL -> buckets.forEach(b -> applyList(b.getActions(), packet.copy()));
            case INDIRECT -> applyList(buckets.get(0).getActions(), packet.copy());
            case SELECT -> {
                OFBucket b = select(buckets, packet);
                if (b == null) {
                    notes.add("select group " + id + " has no bucket with weight: dropped");
                } else {
                    applyList(b.getActions(), packet.copy());
                }
            }
            case FF -> {
                OFBucket b = buckets.stream().filter(this::live).findFirst().orElse(null);
                if (b == null) {
                    notes.add("fast-failover group " + id + " has no live bucket: dropped");
                } else {
                    applyList(b.getActions(), packet.copy());
                }
            }
            default -> throw new IllegalStateException("group type " + g.type());
        }
    }

    /** Weighted choice by a hash of the headers: one flow always takes one bucket, flows spread. */
    private static OFBucket select(List<OFBucket> buckets, Packet packet) {
        int total = buckets.stream().mapToInt(OFBucket::getWeight).sum();
        if (total == 0) {
            return null;
        }
        int point = packet.flowHash() % total;
        for (OFBucket b : buckets) {
            point -= b.getWeight();
            if (point < 0) {
                return b;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private boolean live(OFBucket b) {
        if (!b.getWatchPort().equals(OFPort.ANY) && !portLive.apply(Integer.toUnsignedLong(b.getWatchPort().getPortNumber()))) {
            return false;
        }
        if (!b.getWatchGroup().equals(OFGroup.ANY)) {
            GroupTable.Group watched = groups.get(b.getWatchGroup());
            return watched != null && (watched.type() != OFGroupType.FF
                    ? !watched.buckets().isEmpty()
                    : watched.buckets().stream().anyMatch(this::live));
        }
        return true;
    }
}
