package io.sluice.openflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.openflow.OpenFlowSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterFlags;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFVersion;
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
 * The base pipeline on the wire, byte for byte: the messages below are written out literally, as
 * the base pipeline sent them before it was described in core (tables 0 and 1, priorities 60000,
 * 50000 and 0, LLDP through meter 2 and the rest through meter 1, cookies 0x51ce00000000000N),
 * and what {@link BasePipeline#messages} sends now must serialise to the same bytes.
 */
class BasePipelineWireTest {
    private static final OFFactory F = OFFactories.getFactory(OFVersion.OF_13);
    private static final Match LLDP = F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(0x88cc)).build();
    private static final Match ARP = F.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(0x0806)).build();
    private static final Match ANY = F.buildMatch().build();

    private static OpenFlowSettings settings(boolean clear) {
        return new OpenFlowSettings(Duration.ofSeconds(5), Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(10), 250, 50, 100, clear, OpenFlowSettings.ControllerRole.EQUAL);
    }

    private static SwitchCapabilities caps(int tables, boolean meters, boolean bursts, Set<Long> existing) {
        return new SwitchCapabilities(tables, meters ? 200_000 : 0, meters, meters, bursts, meters ? 1 : 0, existing);
    }

    /** One base rule as it was sent: whole packet to the controller, through {@code meter} unless 0. */
    private static OFMessage flow(int table, int priority, Match match, long meter, long cookie) {
        List<OFInstruction> instructions = new ArrayList<>();
        if (meter != 0) {
            instructions.add(F.instructions().meter(meter));
        }
        instructions.add(F.instructions().applyActions(List.of(F.actions().output(OFPort.CONTROLLER, 0xFFFF))));
        return F.buildFlowAdd().setTableId(TableId.of(table)).setPriority(priority).setMatch(match)
                .setCookie(U64.of(cookie)).setBufferId(OFBufferId.NO_BUFFER).setInstructions(instructions).build();
    }

    private static OFMessage meter(OFMeterModCommand command, long id, long rate, boolean bursts) {
        return F.buildMeterMod().setCommand(command).setMeterId(id)
                .setFlags(bursts ? Set.of(OFMeterFlags.PKTPS, OFMeterFlags.BURST) : Set.of(OFMeterFlags.PKTPS))
                .setMeters(List.of(F.meterBands().drop(rate, bursts ? 50 : 0))).build();
    }

    private static List<OFMessage> metered(boolean withRouteTable) {
        List<OFMessage> out = new ArrayList<>(List.of(
                flow(0, 60000, LLDP, 2, 0x51ce_0000_0000_0001L),
                flow(0, 50000, ARP, 1, 0x51ce_0000_0000_0002L),
                flow(0, 0, ANY, 1, 0x51ce_0000_0000_0003L)));
        if (withRouteTable) {
            out.add(flow(1, 0, ANY, 1, 0x51ce_0000_0000_0004L));
        }
        return out;
    }

    /** Each message's bytes, with the xid zeroed: the factory numbers every message it builds afresh. */
    private static List<String> wire(List<OFMessage> messages) {
        List<String> out = new ArrayList<>();
        for (OFMessage m : messages) {
            ByteBuf b = Unpooled.buffer();
            m.createBuilder().setXid(0).build().writeTo(b);
            out.add(m.getType() + " " + ByteBufUtil.hexDump(b));
            b.release();
        }
        return out;
    }

    private static void assertSameOnTheWire(List<OFMessage> actual, List<OFMessage> expected) {
        assertThat(wire(actual)).containsExactlyElementsOf(wire(expected));
    }

    @Test
    void meteredOnAMultiTableSwitch() {
        List<OFMessage> want = new ArrayList<>(List.of(meter(OFMeterModCommand.ADD, 1, 250, true),
                meter(OFMeterModCommand.ADD, 2, 100, true)));
        want.addAll(metered(true));
        assertSameOnTheWire(BasePipeline.messages(F, settings(false), caps(254, true, true, Set.of())), want);
    }

    @Test
    void withoutMetersTheSameRulesUnmetered() {
        assertSameOnTheWire(BasePipeline.messages(F, settings(false), caps(254, false, false, Set.of())), List.of(
                flow(0, 60000, LLDP, 0, 0x51ce_0000_0000_0001L),
                flow(0, 50000, ARP, 0, 0x51ce_0000_0000_0002L),
                flow(0, 0, ANY, 0, 0x51ce_0000_0000_0003L),
                flow(1, 0, ANY, 0, 0x51ce_0000_0000_0004L)));
        assertSameOnTheWire(BasePipeline.messages(F, settings(false), caps(254, true, true, Set.of()).withoutMeters()),
                BasePipeline.messages(F, settings(false), caps(254, false, false, Set.of())));
    }

    @Test
    void aSingleTableSwitchGetsNoRouteTableMiss() {
        List<OFMessage> want = new ArrayList<>(List.of(meter(OFMeterModCommand.ADD, 1, 250, true),
                meter(OFMeterModCommand.ADD, 2, 100, true)));
        want.addAll(metered(false));
        assertSameOnTheWire(BasePipeline.messages(F, settings(false), caps(1, true, true, Set.of())), want);
    }

    @Test
    void clearOnConnectDeletesEverythingThenAddsMetersAfresh() {
        List<OFMessage> want = new ArrayList<>(List.of(
                F.buildFlowDelete().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build(),
                F.buildGroupDelete().setGroup(OFGroup.ALL).setGroupType(OFGroupType.ALL).build(),
                F.buildMeterMod().setCommand(OFMeterModCommand.DELETE).setMeterId(0xFFFF_FFFFL).build(),
                meter(OFMeterModCommand.ADD, 1, 250, true),
                meter(OFMeterModCommand.ADD, 2, 100, true)));
        want.addAll(metered(true));
        assertSameOnTheWire(BasePipeline.messages(F, settings(true), caps(254, true, true, Set.of(1L, 2L))), want);

        List<OFMessage> unmetered = new ArrayList<>(List.of(
                F.buildFlowDelete().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build(),
                F.buildGroupDelete().setGroup(OFGroup.ALL).setGroupType(OFGroupType.ALL).build()));
        unmetered.addAll(BasePipeline.messages(F, settings(false), caps(254, false, false, Set.of())));
        assertSameOnTheWire(BasePipeline.messages(F, settings(true), caps(254, false, false, Set.of(1L))), unmetered);
    }

    @Test
    void existingMetersAreModifiedAndBurstsLeftOutWhereUnsupported() {
        List<OFMessage> want = new ArrayList<>(List.of(meter(OFMeterModCommand.ADD, 1, 250, false),
                meter(OFMeterModCommand.MODIFY, 2, 100, false)));
        want.addAll(metered(true));
        assertSameOnTheWire(BasePipeline.messages(F, settings(false), caps(254, true, false, Set.of(2L))), want);
    }

    @Test
    void eachCookieSaysWhyItsRuleIsThere() {
        assertThat(BasePipeline.reason(U64.of(0x51ce_0000_0000_0001L)))
                .contains("base pipeline: discovery (LLDP) frames to the controller, through the LLDP meter");
        assertThat(BasePipeline.reason(U64.of(0x51ce_0000_0000_0002L)))
                .contains("base pipeline: ARP to the controller, which answers it or delivers it to edge ports");
        assertThat(BasePipeline.reason(U64.of(0x51ce_0000_0000_0003L)))
                .contains("base pipeline: unclassified traffic to the controller, through the packet-in meter");
        assertThat(BasePipeline.reason(U64.of(0x51ce_0000_0000_0004L)))
                .contains("base pipeline: traffic with no route to the controller, through the packet-in meter");
        assertThat(BasePipeline.reason(U64.of(0x51ce_0000_0000_0005L))).as("no such base rule").isEmpty();
        assertThat(BasePipeline.reason(U64.of(0x51ce_0001_0000_0001L))).as("a rule core decided").isEmpty();
        assertThat(BasePipeline.reason(U64.of(0x1234_0000_0000_0001L))).as("someone else's").isEmpty();
    }
}
