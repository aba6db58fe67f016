package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.fake.FakeSwitchTables;
import io.sluice.openflow.fake.Trace;
import io.sluice.openflow.pipeline.BasePipeline;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Core's routes, translated to FLOW_MODs, applied to a fake OpenFlow 1.3 pipeline per switch of a
 * looped leaf-spine (2 spines, 4 leaves, 2 hosts each) on top of the base pipeline: packets are
 * traced through the tables and across the cables. The real discovery-side services (inventory,
 * topology) feed the real route and rule managers; only the switches are fakes.
 */
class FabricForwardingTest extends FakeLeafSpineFixture {
    private void assertEveryHostReachesEveryHost() {
        for (Host a : hosts) {
            for (Host b : hosts) {
                if (a == b) {
                    continue;
                }
                Trace t = fabric.trace(a.at(), ipv4(a, b));
                assertThat(t.deliveredTo()).as("%s -> %s: %s", a.ip(), b.ip(), t).containsExactly(b.at());
                assertThat(t.toController()).as("%s -> %s: %s", a.ip(), b.ip(), t).isEmpty();
                assertThat(t.looped()).isFalse();
                int switchesCrossed = a.at().deviceId().equals(b.at().deviceId()) ? 1 : 3;
                assertThat(t.hops()).as("%s -> %s shortest: %s", a.ip(), b.ip(), t).hasSize(switchesCrossed);
            }
        }
    }

    @Test
    void everyHostReachesEveryOtherOnAShortestPathWithoutTheController() throws Exception {
        discover();
        assertEveryHostReachesEveryHost();
        // Rules grow with hosts: one route per host on every switch, one default per port.
        for (int j = 1; j <= LEAVES; j++) {
            FakeSwitchTables t = fabric.switchTables(leaf(j));
            assertThat(t.entries(1)).as("leaf %d table 1", j).hasSize(hosts.size() + 1);
            assertThat(t.entries(0)).as("leaf %d table 0", j).hasSize(SPINES + HOSTS_PER_LEAF + 3);
        }
    }

    @Test
    void aCutSpineCableIsRoutedAroundAndTheRestStaysPut() throws Exception {
        discover();
        Host a = hosts.get(0);
        Host b = hosts.get(hosts.size() - 1);
        Trace before = fabric.trace(a.at(), ipv4(a, b));
        DeviceId spineUsed = before.hops().get(1).device();
        long leafPort = Dpid.dpid(spineUsed) - 0x100;
        int rulesBefore = totalRules();

        fabric.setCableUp(ConnectPoint.of(leaf(1), leafPort), ConnectPoint.of(spineUsed, 1), false);
        devices.portUpdated(leaf(1), Port.builder(leafPort).name("p" + leafPort).adminUp(true).linkUp(false).build());
        devices.portUpdated(spineUsed, Port.builder(1).name("p1").adminUp(true).linkUp(false).build());
        routed();

        assertEveryHostReachesEveryHostExceptOverTheCut();
        Trace after = fabric.trace(a.at(), ipv4(a, b));
        assertThat(after.hops().get(1).device()).isNotEqualTo(spineUsed);
        assertThat(totalRules()).as("the two down ports lose their defaults; routes are modified, not added")
                .isEqualTo(rulesBefore - 2);
    }

    private void assertEveryHostReachesEveryHostExceptOverTheCut() {
        for (Host x : hosts) {
            for (Host y : hosts) {
                if (x != y) {
                    Trace t = fabric.trace(x.at(), ipv4(x, y));
                    assertThat(t.deliveredTo()).as("%s -> %s: %s", x.ip(), y.ip(), t).containsExactly(y.at());
                    assertThat(t.drops()).as("%s -> %s: %s", x.ip(), y.ip(), t).isEmpty();
                }
            }
        }
    }

    private int totalRules() {
        int n = 0;
        for (DeviceId id : switches.keySet()) {
            n += fabric.switchTables(id).flowCount();
        }
        return n;
    }

    @Test
    void arpUnknownDestinationsAndMulticastGoToTheControllerNotAroundTheLoops() throws Exception {
        discover();
        Host a = hosts.get(0);
        Match arp = OF13.buildMatch()
                .setExact(MatchField.ETH_SRC, org.projectfloodlight.openflow.types.MacAddress.of(a.mac().toLong()))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.BROADCAST)
                .setExact(MatchField.ETH_TYPE, EthType.ARP).build();
        Trace t = fabric.trace(a.at(), arp);
        assertThat(t.toController()).hasSize(1);
        assertThat(t.deliveredTo()).isEmpty();

        Host stranger = new Host(MacAddress.parse("02:00:00:00:99:99"), Ip4Address.parse("10.0.99.99"),
                ConnectPoint.of(leaf(4), 9));
        Trace unknown = fabric.trace(a.at(), ipv4(a, stranger));
        assertThat(unknown.toController()).as("no route: to the controller, once: %s", unknown).hasSize(1);
        assertThat(unknown.hops()).hasSize(1);

        Match multicast = OF13.buildMatch()
                .setExact(MatchField.ETH_SRC, org.projectfloodlight.openflow.types.MacAddress.of(a.mac().toLong()))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of("33:33:00:00:00:16"))
                .setExact(MatchField.ETH_TYPE, EthType.IPv6).build();
        Trace mc = fabric.trace(a.at(), multicast);
        assertThat(mc.toController()).hasSize(1);
        assertThat(mc.deliveredTo()).isEmpty();
    }

    @Test
    void rulesLeftByAnEarlierSessionAreClearedAndTheBasePipelineIsKept() throws Exception {
        FakeSwitchTables leaf1 = fabric.switchTables(leaf(1));
        leaf1.apply(OF13.buildFlowAdd()
                .setTableId(TableId.of(1))
                .setPriority(1000)
                .setCookie(FlowRuleTranslator.cookie(0x1_2345L))
                .setBufferId(OFBufferId.NO_BUFFER)
                .setMatch(OF13.buildMatch().setExact(MatchField.ETH_DST,
                        org.projectfloodlight.openflow.types.MacAddress.of("02:00:00:00:77:77")).build())
                .setInstructions(List.of(OF13.instructions().applyActions(
                        List.of(OF13.actions().output(OFPort.of(1), 0xFFFF)))))
                .build());
        discover();
        assertThat(leaf1.entries(1)).noneMatch(e -> e.match().toString().contains("02:00:00:00:77:77"));
        assertThat(leaf1.entries(0)).anyMatch(e -> BasePipeline.reason(e.cookie()).isPresent());
        assertEveryHostReachesEveryHost();
    }
}
