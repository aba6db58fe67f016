package io.sluice.openflow.pipeline;

import io.sluice.core.flow.PuntBudget;
import io.sluice.openflow.OpenFlowSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The skeleton every switch gets on connect, before any host or policy is known: discovery frames
 * and unmatched packets go to the controller, each through its own meter so that a flood of one
 * cannot starve the other or drown the controller.
 *
 * <pre>
 * table 0 (classify)  prio 60000  eth_type=0x88cc (LLDP)  meter 2, output CONTROLLER
 * table 0 (classify)  prio 50000  eth_type=0x0806 (ARP)   meter 1, output CONTROLLER
 * table 0 (classify)  prio 0      table-miss              meter 1, output CONTROLLER
 * table 1 (route)     prio 0      table-miss              meter 1, output CONTROLLER
 * </pre>
 *
 * <p>ARP always goes to the controller, which answers from its host table or delivers it to edge
 * ports only: ARP never crosses the fabric's loops. Each rule carries its own cookie
 * ({@link #COOKIE} plus a small number), so a rule read back from a switch says why it is there.
 */
public final class BasePipeline {
    private static final TableId CLASSIFY_TABLE = OpenFlowPipeline.CLASSIFY_TABLE;
    private static final TableId ROUTE_TABLE = OpenFlowPipeline.ROUTE_TABLE;
    public static final long PACKET_IN_METER = OpenFlowPipeline.PACKET_IN_METER;
    public static final long LLDP_METER = OpenFlowPipeline.DISCOVERY_METER;
    /** One meter per punt budget. */
    static final long METERS_NEEDED = PuntBudget.values().length;
    public static final int LLDP_PRIORITY = 60000;
    public static final int TABLE_MISS_PRIORITY = 0;
    public static final int ARP_PRIORITY = 50000;
    /** High 16 bits of every cookie Sluice sets ("51ce"), so its rules can be told from others. */
    public static final U64 COOKIE = U64.of(0x51CE_0000_0000_0000L);
    /** The high 32 bits of a cookie: "51ce" then a kind, 0 for base-pipeline rules, 1 for rules core decided. */
    public static final U64 COOKIE_KIND_MASK = U64.of(0xFFFF_FFFF_0000_0000L);
    private static final int ETH_TYPE_LLDP = 0x88cc;
    private static final int ETH_TYPE_ARP = 0x0806;
    private static final long LLDP_RULE = 1;
    private static final long ARP_RULE = 2;
    private static final long CLASSIFY_MISS_RULE = 3;
    private static final long ROUTE_MISS_RULE = 4;
    private static final Map<Long, String> REASONS = Map.of(
            LLDP_RULE, "base pipeline: discovery (LLDP) frames to the controller, through the LLDP meter",
            ARP_RULE, "base pipeline: ARP to the controller, which answers it or delivers it to edge ports",
            CLASSIFY_MISS_RULE, "base pipeline: unclassified traffic to the controller, through the packet-in meter",
            ROUTE_MISS_RULE, "base pipeline: traffic with no route to the controller, through the packet-in meter");

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
        Match lldp = f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(ETH_TYPE_LLDP)).build();
        out.add(toController(f, CLASSIFY_TABLE, LLDP_PRIORITY, lldp, meters ? LLDP_METER : 0, LLDP_RULE));
        Match arp = f.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(ETH_TYPE_ARP)).build();
        out.add(toController(f, CLASSIFY_TABLE, ARP_PRIORITY, arp, meters ? PACKET_IN_METER : 0, ARP_RULE));
        Match any = f.buildMatch().build();
        out.add(toController(f, CLASSIFY_TABLE, TABLE_MISS_PRIORITY, any, meters ? PACKET_IN_METER : 0,
                CLASSIFY_MISS_RULE));
        if (caps.tableCount() > ROUTE_TABLE.getValue()) {
            out.add(toController(f, ROUTE_TABLE, TABLE_MISS_PRIORITY, any, meters ? PACKET_IN_METER : 0,
                    ROUTE_MISS_RULE));
        }
        return out;
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

    /** Why the base-pipeline rule with this cookie exists; empty for any other cookie. */
    public static Optional<String> reason(U64 cookie) {
        if (!cookie.and(COOKIE_KIND_MASK).equals(COOKIE)) {
            return Optional.empty();
        }
        return Optional.ofNullable(REASONS.get(cookie.getValue() & 0xFFFF_FFFFL));
    }

    private static OFMessage toController(OFFactory f, TableId table, int priority, Match match, long meterId,
            long rule) {
        List<OFAction> actions = List.of(f.actions().output(OFPort.CONTROLLER, 0xFFFF));
        List<OFInstruction> instructions = new ArrayList<>();
        if (meterId != 0) {
            instructions.add(f.instructions().meter(meterId));
        }
        instructions.add(f.instructions().applyActions(actions));
        return f.buildFlowAdd()
                .setTableId(table)
                .setPriority(priority)
                .setMatch(match)
                .setCookie(U64.of(COOKIE.getValue() | rule))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInstructions(instructions)
                .build();
    }
}
