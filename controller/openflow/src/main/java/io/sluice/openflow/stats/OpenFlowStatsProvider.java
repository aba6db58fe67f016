package io.sluice.openflow.stats;

import io.sluice.core.device.Port;
import io.sluice.core.device.DeviceId;
import io.sluice.core.stats.StatsProvider;
import io.sluice.core.stats.SwitchCounters;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.flow.FlowRuleTranslator;
import io.sluice.openflow.pipeline.OpenFlowPipeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFBucketCounter;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowStatsEntry;
import org.projectfloodlight.openflow.protocol.OFFlowStatsReply;
import org.projectfloodlight.openflow.protocol.OFGroupStatsEntry;
import org.projectfloodlight.openflow.protocol.OFGroupStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortStatsEntry;
import org.projectfloodlight.openflow.protocol.OFPortStatsReply;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Reads a switch's counters with three multipart requests sent together: PORT_STATS for every
 * port, FLOW_STATS for core's rules only (by cookie, so the base pipeline and others' rules are not
 * even sent), and GROUP_STATS with per-bucket byte counts. The reading is stamped when the
 * requests went out.
 */
public final class OpenFlowStatsProvider implements StatsProvider {
    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;

    public OpenFlowStatsProvider(Function<DeviceId, Optional<OpenFlowSwitch>> switches) {
        this.switches = switches;
    }

    @Override
    public CompletableFuture<SwitchCounters> read(DeviceId device) {
        Optional<OpenFlowSwitch> sw = switches.apply(device);
        if (sw.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("switch " + device + " is not connected"));
        }
        OFFactory f = sw.get().factory();
        // Stamped when asked for: a rule confirmed before this instant is in the reply unless it is gone.
        long askedAt = System.nanoTime();
        CompletableFuture<List<OFPortStatsReply>> ports = sw.get().request(f.buildPortStatsRequest()
                .setPortNo(OFPort.ANY).build());
        CompletableFuture<List<OFFlowStatsReply>> flows = sw.get().request(f.buildFlowStatsRequest()
                .setTableId(TableId.ALL)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .setCookie(FlowRuleTranslator.CORE_COOKIE)
                .setCookieMask(OpenFlowPipeline.COOKIE_KIND_MASK)
                .setMatch(f.buildMatch().build())
                .build());
        CompletableFuture<List<OFGroupStatsReply>> groups = sw.get().request(f.buildGroupStatsRequest()
                .setGroup(OFGroup.ALL).build());
        return CompletableFuture.allOf(ports, flows, groups).thenApply(done -> SwitchCounters.of(device,
                askedAt, ports(ports.join()), rules(flows.join()), groups(groups.join())));
    }

    private static Map<Long, SwitchCounters.PortCounters> ports(List<OFPortStatsReply> replies) {
        Map<Long, SwitchCounters.PortCounters> out = new HashMap<>();
        for (OFPortStatsReply r : replies) {
            for (OFPortStatsEntry e : r.getEntries()) {
                long port = Integer.toUnsignedLong(e.getPortNo().getPortNumber());
                if (Port.isPhysicalNumber(port)) {
                    out.put(port, new SwitchCounters.PortCounters(e.getTxBytes().getValue(), e.getRxBytes().getValue(),
                            e.getTxDropped().getValue()));
                }
            }
        }
        return out;
    }

    private static Map<Long, SwitchCounters.RuleCounters> rules(List<OFFlowStatsReply> replies) {
        Map<Long, SwitchCounters.RuleCounters> out = new HashMap<>();
        for (OFFlowStatsReply r : replies) {
            for (OFFlowStatsEntry e : r.getEntries()) {
                long id = FlowRuleTranslator.ruleId(e.getCookie());
                if (id >= 0) {
                    out.put(id, new SwitchCounters.RuleCounters(e.getPacketCount().getValue(), e.getByteCount().getValue(),
                            e.getDurationSec() * 1_000_000_000L + e.getDurationNsec()));
                }
            }
        }
        return out;
    }

    private static Map<Long, List<Long>> groups(List<OFGroupStatsReply> replies) {
        Map<Long, List<Long>> out = new HashMap<>();
        for (OFGroupStatsReply r : replies) {
            for (OFGroupStatsEntry e : r.getEntries()) {
                List<Long> buckets = new ArrayList<>();
                for (OFBucketCounter b : e.getBucketStats()) {
                    buckets.add(b.getByteCount().getValue());
                }
                out.put(Integer.toUnsignedLong(e.getGroup().getGroupNumber()), buckets);
            }
        }
        return out;
    }
}
