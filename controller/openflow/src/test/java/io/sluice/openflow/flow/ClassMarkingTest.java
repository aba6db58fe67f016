package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.fake.FakeSwitchTables;
import io.sluice.openflow.pipeline.BasePipeline;
import io.sluice.openflow.pipeline.SwitchCapabilities;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * Class marking as rules (issue 6, first step): a table-0 rule at an edge port that matches a
 * class's traffic sets its DSCP and goes on to routing; a route that selects the class's queue.
 * Translated to FLOW_MODs and run through the fake OpenFlow 1.3 pipeline on top of the base
 * pipeline and the edge port's default rule.
 */
class ClassMarkingTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final DeviceId LEAF = Dpid.deviceId(0x201);
    private static final MacAddress SERVER = MacAddress.parse("02:00:00:00:02:01");
    private final FakeSwitchTables tables = new FakeSwitchTables(LEAF, List.of(1L, 2L, 3L));
    private long nextId = InstalledRule.FIRST_ID;

    @BeforeEach
    void pipeline() throws Exception {
        SwitchCapabilities ovs = new SwitchCapabilities(254, 200_000, true, true, true, 1, Set.of());
        for (OFMessage m : BasePipeline.messages(OF13, OpenFlowSettings.defaults(), ovs)) {
            tables.apply(m);
        }
        install(FlowRule.of(LEAF, FlowTable.CLASSIFY, 10, TrafficSelector.builder().inPort(3).build(),
                TrafficTreatment.gotoTable(FlowTable.ROUTE), "edge port 3: on to routing"));
        // Inference requests (TCP to 8000-8001 here as two exact rules) from edge port 3 to 10.0.2.0/24.
        for (int port : new int[] {8000, 8001}) {
            install(FlowRule.of(LEAF, FlowTable.CLASSIFY, 550, TrafficSelector.builder().inPort(3).ipProto(6)
                    .ipv4Dst(Ip4Prefix.parse("10.0.2.0/24")).dstPort(port).build(),
                    TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(34), "rule triton"));
        }
        // Routing by destination and class: marked inference to queue 1, the rest to the default queue.
        install(FlowRule.of(LEAF, FlowTable.ROUTE, 1000, TrafficSelector.builder().ethDst(SERVER).build(),
                TrafficTreatment.output(1), "route to the server"));
        install(FlowRule.of(LEAF, FlowTable.ROUTE, 1100, TrafficSelector.builder().ethDst(SERVER).dscp(34).build(),
                TrafficTreatment.output(1).withQueue(1), "route to the server, INFERENCE queue"));
    }

    private void install(FlowRule rule) throws Exception {
        tables.apply(FlowRuleTranslator.toFlowMod(OF13,
                FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(nextId++, rule))));
    }

    private static Match tcp(int dstPort) {
        return OF13.buildMatch()
                .setExact(MatchField.IN_PORT, OFPort.of(3))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of(SERVER.toLong()))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of("10.0.1.1"))
                .setExact(MatchField.IPV4_DST, IPv4Address.of("10.0.2.1"))
                .setExact(MatchField.IP_PROTO, IpProtocol.TCP)
                .setExact(MatchField.IP_DSCP, IpDscp.DSCP_0)
                .setExact(MatchField.TCP_SRC, TransportPort.of(40000))
                .setExact(MatchField.TCP_DST, TransportPort.of(dstPort))
                .build();
    }

    @Test
    void aClassesTrafficIsMarkedAtTheEdgeAndQueuedByItsMarking() {
        FakeSwitchTables.Result r = tables.process(tcp(8001));
        assertThat(r.outputs()).singleElement().satisfies(o -> {
            assertThat(o.port()).isEqualTo(OFPort.of(1));
            assertThat(o.packet().get(MatchField.IP_DSCP)).isEqualTo(IpDscp.of((byte) 34));
            assertThat(o.queueId()).hasValue(1);
        });
    }

    @Test
    void otherTrafficKeepsItsMarkingAndTheDefaultQueue() {
        FakeSwitchTables.Result r = tables.process(tcp(80));
        assertThat(r.outputs()).singleElement().satisfies(o -> {
            assertThat(o.port()).isEqualTo(OFPort.of(1));
            assertThat(o.packet().get(MatchField.IP_DSCP)).isEqualTo(IpDscp.DSCP_0);
            assertThat(o.queueId()).isEmpty();
        });
    }

    @Test
    void theRulesReadBackSayWhatTheyDo() {
        FlowRule marking = FlowRule.of(LEAF, FlowTable.CLASSIFY, 550, TrafficSelector.builder().inPort(3).ipProto(17)
                .dstPort(4791).build(), TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(26), "rule rocev2");
        var mod = FlowRuleTranslator.toFlowMod(OF13,
                FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(0x2_0000L, marking)));
        assertThat(InstalledFlows.match(mod.getMatch())).contains("eth_type=0x800").contains("ip_proto=0x11")
                .contains("udp_dst=4791");
        assertThat(InstalledFlows.instructions(mod.getInstructions())).isEqualTo("set_ip_dscp:26,goto_table:1");
    }
}
