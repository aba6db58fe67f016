package io.sluice.openflow.flow;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.DeviceFlowEntry;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.pipeline.BasePipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.action.OFActionSetField;
import org.projectfloodlight.openflow.protocol.action.OFActionSetQueue;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionGotoTable;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.protocol.oxm.OFOxm;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Reads a switch's flow table back (a flow-stats request, so the answer is what the switch holds,
 * not what Sluice meant it to hold) and says for each entry why it is there, from its cookie.
 */
public final class InstalledFlows {
    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;

    /** @param switches the connected switch with a datapath id, if any */
    public InstalledFlows(Function<DeviceId, Optional<OpenFlowSwitch>> switches) {
        this.switches = switches;
    }

    /** The switch's entries by table, then highest priority first; empty if it is not connected. */
    public Optional<CompletableFuture<List<DeviceFlowEntry>>> read(DeviceId device) {
        Optional<OpenFlowSwitch> sw = switches.apply(device);
        return sw.map(s -> {
            // The groups first, so that an entry read after them never points at a group not yet described.
            CompletableFuture<Map<Integer, String>> groups = s.request(s.factory().buildGroupDescStatsRequest().build())
                    .thenApply(InstalledFlows::groups);
            return groups.thenCompose(g -> s.request(s.factory().buildFlowStatsRequest()
                            .setTableId(TableId.ALL)
                            .setOutPort(OFPort.ANY)
                            .setOutGroup(OFGroup.ANY)
                            .setMatch(s.factory().buildMatch().build())
                            .build())
                    .thenApply(replies -> entries(replies, g)));
        });
    }

    /** Each group as "select[1,2]" or "fast_failover[1,2]": its kind and its buckets' output ports. */
    private static Map<Integer, String> groups(List<OFGroupDescStatsReply> replies) {
        Map<Integer, String> out = new HashMap<>();
        for (OFGroupDescStatsReply reply : replies) {
            for (OFGroupDescStatsEntry g : reply.getEntries()) {
                StringJoiner ports = new StringJoiner(",", "[", "]");
                for (OFBucket b : g.getBuckets()) {
                    for (OFAction a : b.getActions()) {
                        if (a instanceof OFActionOutput) {
                            ports.add(((OFActionOutput) a).getPort().toString());
                        }
                    }
                }
                String kind = g.getGroupType() == OFGroupType.FF ? "fast_failover" : g.getGroupType().name().toLowerCase();
                out.put(g.getGroup().getGroupNumber(), kind + ports);
            }
        }
        return out;
    }

    private static List<DeviceFlowEntry> entries(List<OFFlowStatsReply> replies, Map<Integer, String> groups) {
        List<DeviceFlowEntry> out = new ArrayList<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                out.add(describe(e, groups));
            }
        }
        out.sort(Comparator.comparingInt(DeviceFlowEntry::table)
                .thenComparing(Comparator.comparingInt(DeviceFlowEntry::priority).reversed()));
        return out;
    }

    /** The entry in words; core gives the reason of its own rules (their cookie names the rule). */
    private static DeviceFlowEntry describe(OFFlowStatsEntry e, Map<Integer, String> groups) {
        U64 cookie = e.getCookie();
        Optional<String> base = BasePipeline.reason(cookie);
        long id = FlowRuleTranslator.ruleId(cookie);
        int table = e.getTableId().getValue();
        String match = match(e.getMatch());
        String actions = instructions(e.getInstructions(), groups);
        long packets = e.getPacketCount().getValue();
        long bytes = e.getByteCount().getValue();
        if (id >= 0 && base.isEmpty()) {
            return DeviceFlowEntry.ofRule(table, e.getPriority(), match, actions, cookie.toString(), packets, bytes,
                    e.getDurationSec(), id);
        }
        return DeviceFlowEntry.of(table, e.getPriority(), match, actions, cookie.toString(), packets, bytes,
                e.getDurationSec(), base.isPresent() ? DeviceFlowEntry.Origin.BASE_PIPELINE : DeviceFlowEntry.Origin.OTHER,
                base.orElse("not installed by Sluice"));
    }

    static String match(Match m) {
        StringJoiner j = new StringJoiner(",");
        for (MatchField<?> f : m.getMatchFields()) {
            j.add(f.getName() + "=" + (m.isExact(f) ? m.get(f) : m.getMasked(f)));
        }
        String s = j.toString();
        return s.isEmpty() ? "any" : s;
    }

    static String instructions(List<OFInstruction> instructions) {
        return instructions(instructions, Map.of());
    }

    /** @param groups the switch's groups, described, by number */
    static String instructions(List<OFInstruction> instructions, Map<Integer, String> groups) {
        StringJoiner j = new StringJoiner(",");
        for (OFInstruction i : instructions) {
            if (i instanceof OFInstructionApplyActions) {
                for (OFAction a : ((OFInstructionApplyActions) i).getActions()) {
                    if (a instanceof OFActionOutput) {
                        j.add("output:" + ((OFActionOutput) a).getPort());
                    } else if (a instanceof OFActionGroup) {
                        int g = ((OFActionGroup) a).getGroup().getGroupNumber();
                        j.add("group:" + groups.getOrDefault(g, "#" + Integer.toUnsignedString(g) + "(missing)"));
                    } else if (a instanceof OFActionSetQueue) {
                        j.add("set_queue:" + ((OFActionSetQueue) a).getQueueId());
                    } else if (a instanceof OFActionSetField) {
                        OFOxm<?> field = ((OFActionSetField) a).getField();
                        Object v = field.getValue();
                        // DSCP in decimal, as policies and the design write it (openflowj prints hex).
                        j.add("set_" + field.getMatchField().getName() + ":"
                                + (v instanceof IpDscp ? Byte.toString(((IpDscp) v).getDscpValue()) : v));
                    } else {
                        j.add(a.getType().name().toLowerCase());
                    }
                }
            } else if (i instanceof OFInstructionGotoTable) {
                j.add("goto_table:" + ((OFInstructionGotoTable) i).getTableId().getValue());
            } else if (i instanceof OFInstructionMeter) {
                j.add("meter:" + ((OFInstructionMeter) i).getMeterId());
            } else {
                j.add(i.getType().name().toLowerCase());
            }
        }
        String s = j.toString();
        return s.isEmpty() ? "drop" : s;
    }
}
