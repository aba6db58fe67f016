package io.sluice.openflow.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.flow.TrafficSelector;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;

/** A selector's EtherType as OpenFlow's eth_type match, and IPv4 as it always was. */
class EtherTypeMatchTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    @Test
    void anEtherTypeIsAnExactEthTypeMatchAndNothingElse() {
        Match lldp = FlowRuleTranslator.match(OF13, TrafficSelector.builder().ethType(TrafficSelector.ETH_TYPE_LLDP)
                .build());
        assertThat(lldp).isEqualTo(OF13.buildMatch().setExact(MatchField.ETH_TYPE, EthType.of(0x88cc)).build());
        assertThat(lldp.isExact(MatchField.ETH_TYPE)).isTrue();
    }

    @Test
    void anEtherTypeCombinesWithPortAndVlan() {
        Match arp = FlowRuleTranslator.match(OF13, TrafficSelector.builder().inPort(3).vlan(10)
                .ethType(TrafficSelector.ETH_TYPE_ARP).build());
        assertThat(arp.get(MatchField.IN_PORT)).isEqualTo(OFPort.of(3));
        assertThat(arp.get(MatchField.VLAN_VID)).isEqualTo(OFVlanVidMatch.ofVlan(10));
        assertThat(arp.get(MatchField.ETH_TYPE)).isEqualTo(EthType.ARP);
    }

    @Test
    void ipv4ByEtherTypeIsTheSameMatchAsIpv4() {
        TrafficSelector byType = TrafficSelector.builder().inPort(3).ethType(TrafficSelector.ETH_TYPE_IPV4).build();
        TrafficSelector ipv4 = TrafficSelector.builder().inPort(3).ipv4().build();
        assertThat(FlowRuleTranslator.match(OF13, byType)).isEqualTo(FlowRuleTranslator.match(OF13, ipv4));
        assertThat(FlowRuleTranslator.match(OF13, TrafficSelector.builder().inPort(3).build())
                .get(MatchField.ETH_TYPE)).as("no EtherType: any").isNull();
    }
}
