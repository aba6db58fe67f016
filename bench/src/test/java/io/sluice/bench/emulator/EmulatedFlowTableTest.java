package io.sluice.bench.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IPv4AddressWithMask;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.TransportPort;
import org.projectfloodlight.openflow.types.U64;

class EmulatedFlowTableTest {
    private static final OFFactory OF = OFFactories.getFactory(OFVersion.OF_13);
    private static final long SECOND = 1_000_000_000L;

    private final List<EmulatedFlowTable.Removed> removed = new ArrayList<>();

    private static Match ipv4Dst(String cidr) {
        return OF.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setMasked(MatchField.IPV4_DST, IPv4AddressWithMask.of(cidr)).build();
    }

    private static Match flow(int srcPort) {
        return OF.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.0.1"))
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.1.1"))
                .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.TCP_SRC, TransportPort.of(srcPort)).build();
    }

    private static OFFlowMod.Builder add(Match m, int priority, long cookie) {
        return OF.buildFlowAdd().setTableId(TableId.of(1)).setPriority(priority).setMatch(m).setCookie(U64.of(cookie))
                .setActions(List.of(OF.actions().output(OFPort.of(3), 0)));
    }

    private static OFFlowStatsRequest all() {
        return OF.buildFlowStatsRequest().setTableId(TableId.ALL).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY)
                .setCookie(U64.ZERO).setCookieMask(U64.ZERO).setMatch(OF.buildMatch().build()).build();
    }

    @Test
    void addOfTheSameMatchAndPriorityReplacesAndModifyChangesInstructionsOnly() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        t.apply(add(ipv4Dst("10.0.1.0/24"), 100, 1).build(), 0, removed);
        t.apply(add(ipv4Dst("10.0.1.0/24"), 100, 2).setIdleTimeout(30).build(), 0, removed);
        t.apply(add(ipv4Dst("10.0.1.0/24"), 200, 3).build(), 0, removed);
        assertThat(t.size()).isEqualTo(2);
        // OpenFlow 1.2+ on Open vSwitch: a MODIFY's cookie selects; the entry keeps its own, and its timeouts.
        t.apply(OF.buildFlowModifyStrict().setTableId(TableId.of(1)).setPriority(100).setMatch(ipv4Dst("10.0.1.0/24"))
                .setCookie(U64.of(7)).setIdleTimeout(5).setActions(List.of()).build(), 0, removed);
        assertThat(t.select(all(), 0, (e, now) -> e.cookie().getValue() + "/" + e.added.getIdleTimeout() + "/"
                + e.instructions)).containsExactlyInAnyOrder("2/30/" + List.of(OF.instructions().applyActions(List.of())), "3/0/" + add(ipv4Dst("10.0.1.0/24"), 200, 3)
                        .build().getInstructions());
    }

    @Test
    void anAddThatReplacesCarriesTheCountersOnUnlessAskedToReset() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        t.apply(add(ipv4Dst("10.0.9.0/24"), 100, 1).setTableId(TableId.ZERO).build(), 0, removed);
        var frame = FrameFields.of(3, HostFrames.tcpSyn(HostFrames.mac(0), HostFrames.mac(1), 0x0A00_0001, 0x0A00_0905,
                1000, 80));
        t.lookup(frame, 1);
        t.lookup(frame, 2);
        t.apply(add(ipv4Dst("10.0.9.0/24"), 100, 2).setTableId(TableId.ZERO).build(), 3, removed);
        assertThat(t.select(all(), 3, (e, now) -> e.packets(now))).containsExactly(2L);
        t.apply(add(ipv4Dst("10.0.9.0/24"), 100, 3).setTableId(TableId.ZERO)
                .setFlags(Set.of(OFFlowModFlags.RESET_COUNTS)).build(), 4, removed);
        assertThat(t.select(all(), 4, (e, now) -> e.packets(now))).containsExactly(0L);
    }

    @Test
    void aFrameHitsTheHighestPriorityTableZeroEntryThatMatchesIt() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        OFFlowMod miss = OF.buildFlowAdd().setTableId(TableId.ZERO).setPriority(0).setMatch(OF.buildMatch().build())
                .setCookie(U64.of(0xA)).setActions(List.of(OF.actions().output(OFPort.CONTROLLER, 0xFFFF))).build();
        OFFlowMod portUp = OF.buildFlowAdd().setTableId(TableId.ZERO).setPriority(11).setCookie(U64.of(0xB))
                .setMatch(OF.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4).build())
                .setActions(List.of(OF.actions().output(OFPort.CONTROLLER, 0xFFFF))).build();
        OFFlowMod web = OF.buildFlowAdd().setTableId(TableId.ZERO).setPriority(600).setCookie(U64.of(0xC))
                .setMatch(OF.buildMatch().setExact(MatchField.IN_PORT, OFPort.of(3))
                        .setExact(MatchField.ETH_TYPE, EthType.IPv4).setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                        .setMasked(MatchField.TCP_DST, TransportPort.of(8000), TransportPort.of(0xFFFE)).build())
                .setInstructions(List.of(OF.instructions().gotoTable(TableId.of(1)))).build();
        for (OFFlowMod m : List.of(miss, portUp, web)) {
            t.apply(m, 0, removed);
        }
        byte[] to8001 = HostFrames.tcpSyn(HostFrames.mac(0), HostFrames.mac(1), 0x0A00_0001, 0x0A00_0002, 40000, 8001);
        byte[] to80 = HostFrames.tcpSyn(HostFrames.mac(0), HostFrames.mac(1), 0x0A00_0001, 0x0A00_0002, 40000, 80);
        byte[] arp = HostFrames.arpRequest(HostFrames.mac(0), 0x0A00_0001, 0x0A00_0002);
        EmulatedFlowTable.Entry hit = t.lookup(FrameFields.of(3, to8001), 1);
        assertThat(hit.cookie().getValue()).isEqualTo(0xC); // 8000/0xFFFE covers 8001: kept on the switch
        assertThat(hit.toController()).isFalse();
        assertThat(t.lookup(FrameFields.of(3, to80), 1).cookie().getValue()).isEqualTo(0xB);
        assertThat(t.lookup(FrameFields.of(4, to80), 1).isTableMiss()).isTrue(); // another port: only the miss entry
        assertThat(t.lookup(FrameFields.of(3, arp), 1).cookie().getValue()).isEqualTo(0xA);
        // Without a table-miss entry, OpenFlow 1.3 drops what nothing matches.
        t.apply(OF.buildFlowDeleteStrict().setTableId(TableId.ALL).setPriority(0).setMatch(OF.buildMatch().build())
                .setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build(), 2, removed);
        assertThat(t.lookup(FrameFields.of(4, to80), 3)).isNull();
        assertThat(t.peek(FrameFields.of(3, to80)).cookie().getValue()).isEqualTo(0xB);
    }

    @Test
    void nonStrictDeleteRemovesEveryMoreSpecificEntryWithTheCookieOnly() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        t.apply(add(ipv4Dst("10.0.1.0/24"), 100, 0x10).build(), 0, removed);
        t.apply(add(ipv4Dst("10.0.1.128/25"), 110, 0x11).build(), 0, removed);
        t.apply(add(ipv4Dst("10.0.2.0/24"), 100, 0x12).build(), 0, removed);
        t.apply(add(ipv4Dst("10.0.0.0/16"), 90, 0x20).build(), 0, removed);
        // Everything inside 10.0.1.0/24 whose cookie's high nibble is 1: the /24 and the /25, not the /16.
        t.apply(OF.buildFlowDelete().setTableId(TableId.ALL).setMatch(ipv4Dst("10.0.1.0/24")).setCookie(U64.of(0x10))
                .setCookieMask(U64.of(0xF0)).setOutPort(OFPort.ANY).setOutGroup(OFGroup.ANY).build(), 0, removed);
        assertThat(t.select(all(), 0, (e, now) -> e.cookie().getValue())).containsExactlyInAnyOrder(0x12L, 0x20L);
        assertThat(removed).extracting(r -> r.reason()).containsOnly(OFFlowRemovedReason.DELETE).hasSize(2);
    }

    @Test
    void capacityRefusesNewEntriesButNotReplacements() {
        EmulatedFlowTable t = new EmulatedFlowTable(1, 0);
        assertThat(t.apply(add(flow(1), 10, 1).build(), 0, removed)).isEmpty();
        assertThat(t.apply(add(flow(2), 10, 1).build(), 0, removed)).contains("TABLE_FULL");
        assertThat(t.apply(add(flow(1), 10, 2).build(), 0, removed)).isEmpty();
    }

    @Test
    void idleEntriesExpireUnlessTheirFlowCarriesTraffic() {
        EmulatedFlowTable quiet = new EmulatedFlowTable(10, 0);
        EmulatedFlowTable busy = new EmulatedFlowTable(10, 5);
        for (EmulatedFlowTable t : List.of(quiet, busy)) {
            t.apply(add(flow(1), 10, 1).setIdleTimeout(10).setFlags(Set.of(OFFlowModFlags.SEND_FLOW_REM)).build(), 0,
                    removed);
            t.apply(add(ipv4Dst("10.0.9.0/24"), 10, 2).setHardTimeout(5).build(), 0, removed);
        }
        assertThat(quiet.expire(4 * SECOND)).isEmpty();
        assertThat(quiet.expire(5 * SECOND)).extracting(r -> r.reason()).containsExactly(OFFlowRemovedReason.HARD_TIMEOUT);
        assertThat(quiet.expire(10 * SECOND)).extracting(r -> r.reason()).containsExactly(OFFlowRemovedReason.IDLE_TIMEOUT);
        // The same per-flow rule with 5 packets a second counts them and stays.
        busy.expire(5 * SECOND);
        assertThat(busy.expire(60 * SECOND)).isEmpty();
        assertThat(busy.select(all(), 60 * SECOND, (e, now) -> e.packets(now))).containsExactly(300L);
    }

    @Test
    void groupsFailAsOpenVSwitchDoesAndTakeTheirFlowsWithThem() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        var group = OF.buildGroupAdd().setGroup(OFGroup.of(5)).setGroupType(OFGroupType.SELECT)
                .setBuckets(List.of(OF.buildBucket().setWeight(1).setWatchPort(OFPort.ANY).setWatchGroup(OFGroup.ANY)
                        .setActions(List.of(OF.actions().output(OFPort.of(1), 0))).build())).build();
        assertThat(t.apply(group, removed)).isEmpty();
        assertThat(t.apply(group, removed)).contains(OFGroupModFailedCode.GROUP_EXISTS);
        assertThat(t.apply(OF.buildGroupModify().setGroup(OFGroup.of(6)).setGroupType(OFGroupType.SELECT)
                .setBuckets(List.of()).build(), removed)).contains(OFGroupModFailedCode.UNKNOWN_GROUP);
        t.apply(add(ipv4Dst("10.0.1.0/24"), 100, 1).setActions(List.of(OF.actions().group(OFGroup.of(5)))).build(), 0,
                removed);
        t.apply(add(ipv4Dst("10.0.2.0/24"), 100, 2).build(), 0, removed);
        t.apply(OF.buildGroupDelete().setGroup(OFGroup.of(5)).setGroupType(OFGroupType.SELECT).build(), removed);
        assertThat(t.groups()).isEmpty();
        assertThat(t.select(all(), 0, (e, now) -> e.cookie().getValue())).containsExactly(2L);
    }

    @Test
    void statsRequestsFilterByTableCookieAndMatch() {
        EmulatedFlowTable t = new EmulatedFlowTable(10, 0);
        t.apply(add(flow(1), 10, 0x1_0001).build(), 0, removed);
        t.apply(add(flow(2), 10, 0x2_0001).build(), 0, removed);
        OFFlowStatsRequest core = OF.buildFlowStatsRequest().setTableId(TableId.ALL).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setCookie(U64.of(0x1_0000)).setCookieMask(U64.of(0xF_0000))
                .setMatch(OF.buildMatch().build()).build();
        assertThat(t.select(core, 0, (e, now) -> e.cookie().getValue())).containsExactly(0x1_0001L);
        OFFlowStatsRequest port2 = OF.buildFlowStatsRequest().setTableId(TableId.of(1)).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO)
                .setMatch(OF.buildMatch().setExact(MatchField.ETH_TYPE, EthType.IPv4)
                        .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                        .setExact(MatchField.TCP_SRC, TransportPort.of(2)).build()).build();
        assertThat(t.select(port2, 0, (e, now) -> e.cookie().getValue())).containsExactly(0x2_0001L);
        OFFlowStatsRequest table0 = OF.buildFlowStatsRequest().setTableId(TableId.ZERO).setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY).setCookie(U64.ZERO).setCookieMask(U64.ZERO).setMatch(OF.buildMatch().build())
                .build();
        assertThat(t.select(table0, 0, (e, now) -> e)).isEmpty();
    }
}
