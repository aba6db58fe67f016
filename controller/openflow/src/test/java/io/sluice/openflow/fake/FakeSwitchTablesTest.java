package io.sluice.openflow.fake;

import io.sluice.openflow.Dpid;
import static io.sluice.openflow.fake.Rules.F;
import static io.sluice.openflow.fake.Rules.add;
import static io.sluice.openflow.fake.Rules.addResettingCounts;
import static io.sluice.openflow.fake.Rules.applying;
import static io.sluice.openflow.fake.Rules.gotoTable;
import static io.sluice.openflow.fake.Rules.inPort;
import static io.sluice.openflow.fake.Rules.ipv4Dst;
import static io.sluice.openflow.fake.Rules.match;
import static io.sluice.openflow.fake.Rules.output;
import static io.sluice.openflow.fake.Rules.setIpv4Dst;
import static io.sluice.openflow.fake.Rules.udp;
import static io.sluice.openflow.fake.Rules.writing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.device.DeviceId;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFBadInstructionCode;
import org.projectfloodlight.openflow.protocol.OFBadMatchCode;
import org.projectfloodlight.openflow.protocol.OFErrorType;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterModCommand;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** Flow-mod semantics and the packet pipeline of the fake switch, against OpenFlow 1.3.5. */
class FakeSwitchTablesTest {
    private final FakeSwitchTables sw = new FakeSwitchTables(Dpid.deviceId(0x201L), List.of(1L, 2L, 3L, 4L));

    static FakeOpenFlowException refusal(FakeSwitchTables s, OFMessage m) {
        try {
            s.apply(m);
        } catch (FakeOpenFlowException e) {
            return e;
        }
        throw new AssertionError("expected a refusal of " + m + "; tables now " + s.entries());
    }

    @Test
    void overlappingAddAtTheSamePriorityIsRefusedEvenWithoutCheckOverlap() throws Exception {
        sw.apply(add(0, 100, inPort(1), applying(output(2))));

        FakeOpenFlowException e = refusal(sw, add(0, 100, ipv4Dst("10.0.0.0/8"), applying(output(3))));

        assertThat(e.type()).isEqualTo(OFErrorType.FLOW_MOD_FAILED);
        assertThat(e.code()).isEqualTo(OFFlowModFailedCode.OVERLAP);
        assertThat(e.getMessage()).contains("overlaps").contains("in_port");
        assertThat(sw.flowCount()).isEqualTo(1);
    }

    @Test
    void overlappingEntriesThatDoTheSameAreAcceptedAtOnePriority() throws Exception {
        sw.apply(add(0, 100, inPort(1), applying(output(2))));
        sw.apply(add(0, 100, ipv4Dst("10.0.0.0/8"), applying(output(2))));

        assertThat(sw.flowCount()).isEqualTo(2);
        // The same overlap with another action is still ambiguous, and refused.
        assertThat(refusal(sw, add(0, 100, ipv4Dst("10.0.0.0/16"), applying(output(3)))).code())
                .isEqualTo(OFFlowModFailedCode.OVERLAP);
    }

    @Test
    void disjointMatchesShareAPriority() throws Exception {
        sw.apply(add(0, 100, inPort(1), applying(output(2))));
        sw.apply(add(0, 100, inPort(2), applying(output(1))));
        sw.apply(add(0, 200, ipv4Dst("10.0.0.0/16"), applying(output(3))));
        // 10.1/16 and 10.0/16 differ in a bit both masks keep, so no packet matches both.
        sw.apply(add(0, 200, ipv4Dst("10.1.0.0/16"), applying(output(4))));
        sw.apply(add(0, 200, match().setExact(MatchField.ETH_TYPE, EthType.IPv6).build(), applying(output(4))));

        assertThat(sw.flowCount()).isEqualTo(5);
        // ... but a /8 around both does overlap, and so does in_port=1 with a packet from port 2.
        assertThat(refusal(sw, add(0, 200, ipv4Dst("10.0.0.0/8"))).code()).isEqualTo(OFFlowModFailedCode.OVERLAP);
        assertThat(refusal(sw, add(0, 100, match().setExact(MatchField.ETH_TYPE, EthType.IPv4).build())).code())
                .isEqualTo(OFFlowModFailedCode.OVERLAP);
    }

    @Test
    void overlapAtADifferentPriorityIsAllowedAndTheHigherWins() throws Exception {
        sw.apply(add(0, 100, inPort(1), applying(output(2))));
        sw.apply(add(0, 200, ipv4Dst("10.0.0.0/8"), applying(output(3))));

        assertThat(sw.process(udp(1, "10.9.9.9", "10.0.0.1")).ports()).containsExactly(OFPort.of(3));
        assertThat(sw.process(udp(1, "10.9.9.9", "192.0.2.1")).ports()).containsExactly(OFPort.of(2));
    }

    @Test
    void identicalAddReplacesTheEntryCarryingCountersUnlessResetCounts() throws Exception {
        sw.apply(add(0, 100, inPort(1), applying(output(2))));
        sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        sw.apply(add(0, 100, inPort(1), applying(output(3))));
        assertThat(sw.entries(0)).singleElement().satisfies(e -> {
            assertThat(e.instructions()).containsExactly(applying(output(3)));
            assertThat(e.packetCount()).as("§6.4: copied from the replaced entry").isEqualTo(1);
        });

        sw.apply(addResettingCounts(0, 100, inPort(1), applying(output(4))));
        assertThat(sw.entries(0)).singleElement().satisfies(e -> {
            assertThat(e.instructions()).containsExactly(applying(output(4)));
            assertThat(e.packetCount()).isZero();
        });
    }

    @Test
    void strictDeleteTakesOneEntryNonStrictTakesEveryMoreSpecificOne() throws Exception {
        sw.apply(add(0, 10, inPort(1), applying(output(2))));
        sw.apply(add(0, 20, match().setExact(MatchField.IN_PORT, OFPort.of(1))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).build(), applying(output(3))));
        sw.apply(add(0, 10, inPort(2), applying(output(1))));
        sw.apply(add(0, 5, match().build(), applying(output(OFPort.CONTROLLER))));

        sw.apply(F.buildFlowDeleteStrict().setTableId(TableId.of(0)).setPriority(20).setMatch(inPort(1)).build());
        assertThat(sw.flowCount()).as("strict needs the same priority too").isEqualTo(4);

        sw.apply(F.buildFlowDeleteStrict().setTableId(TableId.of(0)).setPriority(10).setMatch(inPort(1)).build());
        assertThat(sw.entries(0)).extracting(FakeSwitchTables.Entry::priority).containsExactly(20, 10, 5);

        sw.apply(F.buildFlowDelete().setTableId(TableId.of(0)).setMatch(inPort(1)).build());
        // The eth_type entry is more specific than in_port=1, so it goes; the catch-all is wider, so it stays.
        assertThat(sw.entries(0)).extracting(e -> e.match().get(MatchField.IN_PORT))
                .containsExactly(OFPort.of(2), null);
    }

    @Test
    void deleteFiltersByOutPortAndCookieAcrossAllTables() throws Exception {
        sw.apply(Rules.flow(0, 10, inPort(1), applying(output(2))).setCookie(U64.of(0x51ce_0001L)).build());
        sw.apply(Rules.flow(0, 10, inPort(2), applying(output(3))).setCookie(U64.of(0x51ce_0002L)).build());
        sw.apply(Rules.flow(3, 10, inPort(1), writing(output(2))).setCookie(U64.of(0x7777_0001L)).build());

        sw.apply(F.buildFlowDelete().setTableId(TableId.ALL).setOutPort(OFPort.of(2)).build());
        assertThat(sw.entries()).extracting(FakeSwitchTables.Entry::cookie).containsExactly(U64.of(0x51ce_0002L));

        sw.apply(F.buildFlowDelete().setTableId(TableId.ALL).setCookie(U64.of(0x7777_0000L))
                .setCookieMask(U64.of(0xffff_0000L)).build());
        assertThat(sw.flowCount()).as("cookie mask selects only 0x7777....").isEqualTo(1);
        sw.apply(F.buildFlowDelete().setTableId(TableId.ALL).setCookie(U64.of(0x51ce_0000L))
                .setCookieMask(U64.of(0xffff_0000L)).build());
        assertThat(sw.flowCount()).isZero();
    }

    @Test
    void modifyChangesInstructionsKeepsCountersAndAddsNothing() throws Exception {
        sw.apply(add(0, 10, inPort(1), applying(output(2))));
        sw.apply(add(0, 20, match().setExact(MatchField.IN_PORT, OFPort.of(1))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4).build(), applying(output(2))));
        sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        sw.apply(F.buildFlowModifyStrict().setTableId(TableId.of(0)).setPriority(10).setMatch(inPort(1))
                .setInstructions(List.of(applying(output(4)))).build());
        assertThat(sw.entries(0)).extracting(e -> e.instructions().get(0))
                .containsExactly(applying(output(2)), applying(output(4)));

        sw.apply(F.buildFlowModify().setTableId(TableId.of(0)).setMatch(inPort(1))
                .setInstructions(List.of(applying(output(3)))).build());
        assertThat(sw.entries(0)).allSatisfy(e -> assertThat(e.instructions()).containsExactly(applying(output(3))));
        assertThat(sw.entries(0).get(0).packetCount()).isEqualTo(1);

        sw.apply(F.buildFlowModify().setTableId(TableId.of(0)).setMatch(inPort(4))
                .setInstructions(List.of(applying(output(3)))).build());
        assertThat(sw.flowCount()).as("OpenFlow 1.3 modify of nothing adds nothing").isEqualTo(2);
    }

    @Test
    void tablesAndGotosAreChecked() throws Exception {
        assertThat(refusal(sw, add(8, 1, inPort(1))).code()).isEqualTo(OFFlowModFailedCode.BAD_TABLE_ID);
        assertThat(refusal(sw, add(2, 1, inPort(1), gotoTable(2))).code()).isEqualTo(OFBadInstructionCode.BAD_TABLE_ID);
        assertThat(refusal(sw, add(2, 1, inPort(1), gotoTable(1))).code()).isEqualTo(OFBadInstructionCode.BAD_TABLE_ID);
        assertThat(refusal(sw, add(2, 1, inPort(1), gotoTable(8))).type()).isEqualTo(OFErrorType.BAD_INSTRUCTION);
        assertThat(refusal(sw, add(0, 1, match().setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.0.1")).build()))
                .code()).isEqualTo(OFBadMatchCode.BAD_PREREQ);
        sw.apply(add(2, 1, inPort(1), gotoTable(7)));
        assertThat(sw.flowCount()).isEqualTo(1);
    }

    @Test
    void gotoWalksForwardAndTheActionSetRunsSetFieldBeforeOutputAtTheEnd() throws Exception {
        // Table 0 writes the output first; table 3 writes the rewrite later. §5.10 still rewrites first.
        sw.apply(add(0, 10, inPort(1), writing(output(2)), gotoTable(3)));
        sw.apply(add(3, 10, match().build(), writing(setIpv4Dst("192.0.2.9"))));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(r.hits()).extracting(FakeSwitchTables.Hit::tableId).containsExactly(0, 3);
        assertThat(r.outputs()).singleElement().satisfies(o -> {
            assertThat(o.port()).isEqualTo(OFPort.of(2));
            assertThat(o.packet().get(MatchField.IPV4_DST)).isEqualTo(IPv4Address.of("192.0.2.9"));
        });
        assertThat(sw.entries(3).get(0).packetCount()).isEqualTo(1);
    }

    @Test
    void applyActionsActImmediatelyAndClearActionsEmptiesTheSet() throws Exception {
        sw.apply(add(0, 10, inPort(1), applying(output(2), setIpv4Dst("192.0.2.9"), output(3)), writing(output(4)),
                gotoTable(1)));
        sw.apply(add(1, 10, match().build(), F.instructions().clearActions()));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(r.ports()).as(r.toString()).containsExactly(OFPort.of(2), OFPort.of(3));
        assertThat(r.outputs().get(0).packet().get(MatchField.IPV4_DST)).isEqualTo(IPv4Address.of("10.0.0.2"));
        assertThat(r.outputs().get(1).packet().get(MatchField.IPV4_DST)).isEqualTo(IPv4Address.of("192.0.2.9"));
    }

    @Test
    void tableMissWithoutAMissEntryDrops() throws Exception {
        sw.apply(add(0, 10, inPort(1), gotoTable(1)));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(r.dropped()).isTrue();
        assertThat(r.notes()).containsExactly("table 1 miss: dropped");
        assertThat(sw.process(udp(2, "10.0.0.1", "10.0.0.2")).notes()).containsExactly("table 0 miss: dropped");
    }

    @Test
    void outputToTheIngressPortNeedsInPort() throws Exception {
        sw.apply(add(0, 10, inPort(1), applying(output(1))));
        sw.apply(add(0, 10, inPort(2), applying(output(OFPort.IN_PORT))));
        sw.apply(add(0, 10, inPort(3), applying(output(OFPort.FLOOD))));

        assertThat(sw.process(udp(1, "10.0.0.1", "10.0.0.2")).dropped()).isTrue();
        assertThat(sw.process(udp(2, "10.0.0.1", "10.0.0.2")).ports()).containsExactly(OFPort.of(2));
        assertThat(sw.process(udp(3, "10.0.0.1", "10.0.0.2")).ports())
                .containsExactly(OFPort.of(1), OFPort.of(2), OFPort.of(4));
    }

    @Test
    void vlanPushSetAndMatchOnUntagged() throws Exception {
        // VLAN_VID=NONE matches untagged packets (§7.2.3.8); push then set gives the tag.
        sw.apply(add(0, 10, match().setExact(MatchField.VLAN_VID, OFVlanVidMatch.NONE).build(),
                applying(F.actions().pushVlan(EthType.VLAN_FRAME),
                        F.actions().setField(F.oxms().vlanVid(OFVlanVidMatch.ofVlan(100))),
                        F.actions().setQueue(7), output(4))));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));

        assertThat(r.outputs()).singleElement().satisfies(o -> {
            assertThat(o.packet().get(MatchField.VLAN_VID)).isEqualTo(OFVlanVidMatch.ofVlan(100));
            assertThat(o.queueId()).isEqualTo(OptionalLong.of(7));
        });
        assertThat(sw.process(Packet.withInPort(r.outputs().get(0).packet(), 1)).dropped()).as("tagged now").isTrue();
    }

    @Test
    void setFieldOfAMissingHeaderIsAControllerBug() throws Exception {
        sw.apply(add(0, 10, match().build(), applying(F.actions().setField(F.oxms().vlanVid(OFVlanVidMatch.ofVlan(5))),
                output(2))));

        assertThatThrownBy(() -> sw.process(udp(1, "10.0.0.1", "10.0.0.2")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("push_vlan first");
    }

    @Test
    void metersMustExistAndAreRecordedOnThePacket() throws Exception {
        FakeOpenFlowException e = refusal(sw, add(0, 10, match().build(), F.instructions().meter(1),
                applying(output(OFPort.CONTROLLER))));
        assertThat(e.code()).isEqualTo(OFMeterModFailedCode.UNKNOWN_METER);

        sw.apply(F.buildMeterMod().setCommand(OFMeterModCommand.ADD).setMeterId(1).build());
        assertThat(refusal(sw, F.buildMeterMod().setCommand(OFMeterModCommand.ADD).setMeterId(1).build()).code())
                .isEqualTo(OFMeterModFailedCode.METER_EXISTS);
        sw.apply(add(0, 10, match().build(), F.instructions().meter(1), applying(output(OFPort.CONTROLLER))));

        FakeSwitchTables.Result r = sw.process(udp(1, "10.0.0.1", "10.0.0.2"));
        assertThat(r.meters()).containsExactly(1L);
        assertThat(r.ports()).containsExactly(OFPort.CONTROLLER);

        sw.apply(F.buildMeterMod().setCommand(OFMeterModCommand.DELETE).setMeterId(1).build());
        assertThat(sw.flowCount()).as("flows using a deleted meter go with it").isZero();
    }

    @Test
    void unmodelledActionsAreNotSilentlyIgnored() {
        assertThatThrownBy(() -> sw.apply(add(0, 10, match().build(), applying(F.actions().decNwTtl(), output(2)))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("DecNwTtl");
    }
}
