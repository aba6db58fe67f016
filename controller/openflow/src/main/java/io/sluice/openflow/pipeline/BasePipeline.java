package io.sluice.openflow.pipeline;

import io.sluice.core.flow.PuntBudget;
import io.sluice.core.pipeline.BaseRule;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.flow.FlowRuleTranslator;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Core's base rules ({@link BaseRule}: what every switch gets on connect, before any host or
 * policy is known) as OpenFlow messages, with the meters that bound each punt budget, so that a
 * flood of one cannot starve the other or drown the controller. The rules are core's (tables,
 * priorities, matches, budgets, reasons); this class adds what is OpenFlow's: the meters, the
 * clearing on connect, and each rule's FLOW_MOD through {@link FlowRuleTranslator}, with table ids,
 * meter ids and cookies as {@link OpenFlowPipeline} maps them:
 *
 * <pre>
 * table 0 (classify)  prio 60000  eth_type=0x88cc (LLDP)  meter 2, output CONTROLLER  cookie 0x51ce000000000001
 * table 0 (classify)  prio 50000  eth_type=0x0806 (ARP)   meter 1, output CONTROLLER  cookie 0x51ce000000000002
 * table 0 (classify)  prio 0      table-miss              meter 1, output CONTROLLER  cookie 0x51ce000000000003
 * table 1 (route)     prio 0      table-miss              meter 1, output CONTROLLER  cookie 0x51ce000000000004
 * </pre>
 *
 * <p>Each rule carries its own cookie, so a rule read back from a switch says why it is there
 * ({@link #reason}).
 */
public final class BasePipeline {
    /** The meter of the packet-in budget ({@link OpenFlowPipeline#meterId}). */
    public static final long PACKET_IN_METER = OpenFlowPipeline.PACKET_IN_METER;
    /** The meter of the discovery budget, which LLDP goes through. */
    public static final long LLDP_METER = OpenFlowPipeline.DISCOVERY_METER;
    /** One meter per punt budget. */
    static final long METERS_NEEDED = PuntBudget.values().length;

    private BasePipeline() {
    }

    /** The messages that install the skeleton; send them as one barrier-confirmed write. */
    public static List<OFMessage> messages(OFFactory f, OpenFlowSettings settings, SwitchCapabilities caps) {
        List<OFMessage> out = new ArrayList<>();
        boolean meters = caps.canMeterPacketIns();
        Set<Long> existing = caps.existingMeters();
        if (settings.clearOnConnect()) {
            out.addAll(clearAll(f, meters));
            existing = Set.of();
        }
        if (meters) {
            out.add(meter(f, PACKET_IN_METER, settings.packetInRate(), settings.packetInBurst(), caps.bursts(), existing));
            out.add(meter(f, LLDP_METER, settings.lldpRate(), settings.packetInBurst(), caps.bursts(), existing));
        }
        for (BaseRule rule : BaseRule.values()) {
            if (has(caps, OpenFlowPipeline.tableId(rule.table()))) {
                out.add(FlowRuleTranslator.toFlowMod(f, rule, meters));
            }
        }
        return out;
    }

    /** Whether the switch has {@code table}: table 0 every switch has, the others only if it says so. */
    private static boolean has(SwitchCapabilities caps, TableId table) {
        return table.getValue() == 0 || caps.tableCount() > table.getValue();
    }

    private static List<OFMessage> clearAll(OFFactory f, boolean meters) {
        List<OFMessage> out = new ArrayList<>();
        out.add(f.buildFlowDelete().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build());
        out.add(f.buildGroupDelete().setGroup(OFGroup.ALL).setGroupType(OFGroupType.ALL).build());
        if (meters) {
            out.add(f.buildMeterMod().setCommand(OFMeterModCommand.DELETE).setMeterId(0xFFFF_FFFFL).build());
        }
        return out;
    }

    private static OFMessage meter(OFFactory f, long id, long rate, long burst, boolean bursts, Set<Long> existing) {
        // ADD fails on a meter left by an earlier session and MODIFY fails on a missing one.
        OFMeterModCommand command = existing.contains(id) ? OFMeterModCommand.MODIFY : OFMeterModCommand.ADD;
        return f.buildMeterMod()
                .setCommand(command)
                .setMeterId(id)
                .setFlags(bursts ? Set.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST) : Set.of(OFMeterFlags.PKTPS))
                .setMeters(List.of(f.meterBands().drop(rate, bursts ? burst : 0)))
                .build();
    }

    /** Why the base rule with this cookie exists (core's reason for it); empty for any other cookie. */
    public static Optional<String> reason(U64 cookie) {
        return OpenFlowPipeline.baseRule(cookie).map(BaseRule::reason);
    }
}
