package io.sluice.openflow.flow;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.InstalledRule;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.pipeline.BasePipeline;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private final OpenFlowController controller;
    private final FlowRuleService rules;

    public InstalledFlows(OpenFlowController controller, FlowRuleService rules) {
        this.controller = controller;
        this.rules = rules;
    }

    /** One entry of a switch's flow table, in words. */
    public record Entry(int table, int priority, String match, String instructions, String cookie, long packets,
            long bytes, long durationSeconds, String origin, String reason) {
    }

    /** The switch's entries by table, then highest priority first; empty if it is not connected. */
    public Optional<CompletableFuture<List<Entry>>> read(DeviceId device) {
        Optional<OpenFlowSwitch> sw = controller.getSwitch(device);
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
                    .thenApply(replies -> entries(device, replies, g)));
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

    private List<Entry> entries(DeviceId device, List<OFFlowStatsReply> replies, Map<Integer, String> groups) {
        List<Entry> out = new ArrayList<>();
        for (OFFlowStatsReply reply : replies) {
            for (OFFlowStatsEntry e : reply.getEntries()) {
                out.add(describe(device, e, groups));
            }
        }
        out.sort(Comparator.comparingInt(Entry::table).thenComparing(Comparator.comparingInt(Entry::priority).reversed()));
        return out;
    }

    private Entry describe(DeviceId device, OFFlowStatsEntry e, Map<Integer, String> groups) {
        U64 cookie = e.getCookie();
        String origin;
        String reason;
        Optional<String> base = BasePipeline.reason(cookie);
        long id = FlowRuleTranslator.ruleId(cookie);
        if (base.isPresent()) {
            origin = "base-pipeline";
            reason = base.get();
        } else if (id >= 0) {
            origin = "routing";
            reason = rules.installedRule(device, id).map(InstalledRule::rule).map(r -> r.reason())
                    .orElse("Sluice rule #" + Long.toHexString(id) + " that core does not count as installed (being "
                            + "changed, or its last write was not confirmed; the next routing run settles it)");
        } else {
            origin = "other";
            reason = "not installed by Sluice";
        }
        return new Entry(e.getTableId().getValue(), e.getPriority(), match(e.getMatch()),
                instructions(e.getInstructions(), groups), cookie.toString(), e.getPacketCount().getValue(),
                e.getByteCount().getValue(), e.getDurationSec(), origin, reason);
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
