package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.DscpTrust;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RoutePreference;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.qos.EdgeClassification;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.fake.FakeSwitchTables;
import io.sluice.openflow.pipeline.BasePipeline;
import io.sluice.openflow.pipeline.SwitchCapabilities;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
 * The policy compiled into table-0 rules of an edge port marks every flow with the DSCP of the
 * class the controller's classifier gives it: thousands of random flows through the fake OpenFlow
 * pipeline (base pipeline, edge rules, a route) against {@link IndexedClassifier}.
 */
class EdgeClassificationTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final DeviceId LEAF = Dpid.deviceId(0x201);
    private static final ConnectPoint EDGE = ConnectPoint.of(LEAF, 3);
    private static final MacAddress SERVER = MacAddress.parse("02:00:00:00:02:01");

    static Policy policy() {
        Map<TrafficClass, ClassProfile> c = new EnumMap<>(TrafficClass.class);
        c.put(TrafficClass.CONTROL, ClassProfile.of(TrafficClass.CONTROL, 48, 0, 2, 5, Scheduling.STRICT,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.INFERENCE, ClassProfile.of(TrafficClass.INFERENCE, 34, 1, 20, 50, Scheduling.STRICT,
                RoutePreference.LOWEST_LATENCY));
        c.put(TrafficClass.TRAINING, ClassProfile.of(TrafficClass.TRAINING, 26, 2, 40, 100, Scheduling.WEIGHTED,
                RoutePreference.SPREAD));
        c.put(TrafficClass.BEST_EFFORT, ClassProfile.of(TrafficClass.BEST_EFFORT, 0, 3, 10, 100, Scheduling.WEIGHTED,
                RoutePreference.SHORTEST));
        c.put(TrafficClass.ARCHIVAL, ClassProfile.of(TrafficClass.ARCHIVAL, 8, 4, 5, 100, Scheduling.SCAVENGER,
                RoutePreference.LEAST_UTILISED));
        Map<String, HostGroup> groups = new LinkedHashMap<>();
        groups.put("gpu", HostGroup.of("gpu", Set.of(), Set.of(Ip4Prefix.parse("10.0.1.0/24"),
                Ip4Prefix.parse("10.0.2.0/24"), Ip4Prefix.parse("10.0.2.128/25"))));
        groups.put("store", HostGroup.of("store", Set.of(), Set.of(Ip4Prefix.parse("10.0.9.0/24"))));
        groups.put("macs", HostGroup.of("macs", Set.of(MacAddress.parse("02:00:00:00:07:07")), Set.of()));
        List<ClassificationRule> rules = new ArrayList<>();
        rules.add(rule("bgp", 900, TrafficClass.CONTROL, RuleMatch.builder().ipProto(6).dstPorts(PortRange.single(179))));
        rules.add(rule("bgp-replies", 900, TrafficClass.CONTROL, RuleMatch.builder().ipProto(6)
                .srcPorts(PortRange.single(179))));
        rules.add(rule("store", 800, TrafficClass.ARCHIVAL, RuleMatch.builder().dstGroup("store")));
        rules.add(rule("rocev2", 700, TrafficClass.TRAINING, RuleMatch.builder().ipProto(17)
                .dstPorts(PortRange.single(4791))));
        rules.add(rule("nccl", 600, TrafficClass.TRAINING, RuleMatch.builder().srcGroup("gpu").dstGroup("gpu")));
        rules.add(rule("triton", 550, TrafficClass.INFERENCE, RuleMatch.builder().ipProto(6)
                .dstPorts(PortRange.of(8000, 8001))));
        rules.add(rule("triton-replies", 550, TrafficClass.INFERENCE, RuleMatch.builder().ipProto(6)
                .srcPorts(PortRange.of(8000, 8001))));
        rules.add(rule("rsync", 500, TrafficClass.ARCHIVAL, RuleMatch.builder().ipProto(6)
                .dstPorts(PortRange.single(873)).dstCidr(Ip4Prefix.parse("10.0.0.0/8"))));
        rules.add(rule("bulk-range", 300, TrafficClass.BEST_EFFORT, RuleMatch.builder().ipProto(17)
                .dstPorts(PortRange.of(1000, 2999))));
        rules.add(rule("marked-fast", 200, TrafficClass.INFERENCE, RuleMatch.builder().dscp(46)));
        rules.add(rule("by-mac", 150, TrafficClass.TRAINING, RuleMatch.builder().srcGroup("macs")));
        return Policy.of(c, groups, rules, BehaviourPolicy.OFF, DscpTrust.NONE, TrafficClass.BEST_EFFORT);
    }

    private static ClassificationRule rule(String id, int priority, TrafficClass c, RuleMatch.Builder m) {
        return ClassificationRule.of(id, priority, m.build(), c, "", 0);
    }

    @Test
    void everyFlowIsMarkedOnTheSwitchAsTheClassifierClassifiesIt() throws Exception {
        Policy p = policy();
        EdgeClassification edge = EdgeClassification.compile(p, EDGE, false);
        assertThat(edge.needController()).containsExactly("by-mac");
        FakeSwitchTables tables = tables(edge);
        IndexedClassifier classifier = IndexedClassifier.compile(p.withRules(p.rules().subList(0, p.rules().size() - 1)));

        Random rnd = new Random(42);
        int[] ports = {179, 180, 873, 874, 4790, 4791, 7999, 8000, 8001, 8002, 999, 1000, 2047, 2048, 2999, 3000, 40000};
        String[] nets = {"10.0.1.", "10.0.2.", "10.0.9.", "10.0.5.", "192.168.0."};
        int[] dscps = {0, 0, 26, 34, 46};
        for (int i = 0; i < 5000; i++) {
            int proto = rnd.nextBoolean() ? 6 : 17;
            Ip4Address src = Ip4Address.parse(nets[rnd.nextInt(nets.length)] + (1 + rnd.nextInt(254)));
            Ip4Address dst = Ip4Address.parse(nets[rnd.nextInt(nets.length)] + (1 + rnd.nextInt(254)));
            int sport = rnd.nextInt(3) == 0 ? ports[rnd.nextInt(ports.length)] : 30000 + rnd.nextInt(30000);
            int dport = ports[rnd.nextInt(ports.length)];
            int dscp = dscps[rnd.nextInt(dscps.length)];
            FlowKey flow = FlowKey.builder().src(src).dst(dst).ipProto(proto).srcPort(sport).dstPort(dport).dscp(dscp)
                    .ingress(EDGE).build();
            Classification c = classifier.classify(flow, FlowObservations.NONE);
            int expected = p.classes().get(c.trafficClass()).dscp();
            FakeSwitchTables.Result r = tables.process(packet(flow));
            if (c.basis() != Classification.Basis.RULE) {
                // No rule the switch holds matches: the controller classifies it (the policy has a rule only it can).
                assertThat(r.outputs()).as("flow %s", flow).singleElement()
                        .satisfies(o -> assertThat(o.port()).isEqualTo(OFPort.CONTROLLER));
                continue;
            }
            assertThat(r.outputs()).as("flow %s", flow).singleElement()
                    .satisfies(o -> assertThat(o.packet().get(MatchField.IP_DSCP).getDscpValue())
                            .as("DSCP on the wire for %s (classifier: %s)", flow,
                                    classifier.classify(flow, FlowObservations.NONE))
                            .isEqualTo((byte) expected));
        }
    }

    @Test
    void aRangeBecomesItsMaskedBlocksAndATrustedPortKeepsTheHostsMarking() throws Exception {
        Policy p = policy();
        EdgeClassification untrusted = EdgeClassification.compile(p, EDGE, false);
        assertThat(untrusted.rules()).filteredOn(r -> r.reason().startsWith("policy rule bulk-range")).hasSize(
                PortRange.of(1000, 2999).maskedBlocks().size());
        EdgeClassification trusted = EdgeClassification.compile(p, EDGE, true);
        FlowKey marked = FlowKey.builder().src(Ip4Address.parse("10.0.5.1")).dst(Ip4Address.parse("10.0.5.2"))
                .ipProto(6).srcPort(40000).dstPort(5555).dscp(26).build();
        assertThat(tables(untrusted).process(packet(marked)).outputs().get(0).port())
                .as("untrusted, and no rule the switch holds matches: the controller decides").isEqualTo(OFPort.CONTROLLER);
        assertThat(tables(trusted).process(packet(marked)).outputs().get(0).packet().get(MatchField.IP_DSCP)
                .getDscpValue()).as("trusted: the host's own").isEqualTo((byte) 26);
    }

    private static FakeSwitchTables tables(EdgeClassification edge) throws Exception {
        FakeSwitchTables tables = new FakeSwitchTables(LEAF, List.of(1L, 2L, 3L));
        SwitchCapabilities ovs = new SwitchCapabilities(254, 200_000, true, true, true, 1, Set.of());
        for (OFMessage m : BasePipeline.messages(OF13, OpenFlowSettings.defaults(), ovs)) {
            tables.apply(m);
        }
        long id = InstalledRule.FIRST_ID;
        List<FlowRule> all = new ArrayList<>(edge.rules());
        all.add(FlowRule.of(LEAF, FlowTable.ROUTE, 1000, TrafficSelector.builder().ethDst(SERVER).build(),
                TrafficTreatment.output(1), "route"));
        for (FlowRule r : all) {
            tables.apply(FlowRuleTranslator.toFlowMod(OF13,
                    FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(id++, r))));
        }
        return tables;
    }

    private static Match packet(FlowKey f) {
        Match.Builder m = OF13.buildMatch()
                .setExact(MatchField.IN_PORT, OFPort.of(3))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of(SERVER.toLong()))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(f.src().toInt()))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(f.dst().toInt()))
                .setExact(MatchField.IP_PROTO, IpProtocol.of((short) f.ipProto()))
                .setExact(MatchField.IP_DSCP, IpDscp.of((byte) f.dscp()));
        if (f.ipProto() == 6) {
            m.setExact(MatchField.TCP_SRC, TransportPort.of(f.srcPort())).setExact(MatchField.TCP_DST,
                    TransportPort.of(f.dstPort()));
        } else {
            m.setExact(MatchField.UDP_SRC, TransportPort.of(f.srcPort())).setExact(MatchField.UDP_DST,
                    TransportPort.of(f.dstPort()));
        }
        return m.build();
    }
}
