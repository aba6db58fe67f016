package io.sluice.core.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.net.Ip4Prefix;
import org.junit.jupiter.api.Test;

class TrafficSelectorTest {
    @Test
    void matchesAnEtherType() {
        TrafficSelector lldp = TrafficSelector.builder().ethType(TrafficSelector.ETH_TYPE_LLDP).build();
        assertThat(lldp.ethType()).isEqualTo(0x88cc);
        assertThat(lldp.isIp()).isFalse();
        assertThat(lldp).hasToString("eth_type=0x88cc")
                .isEqualTo(TrafficSelector.builder().ethType(0x88cc).build())
                .hasSameHashCodeAs(TrafficSelector.builder().ethType(0x88cc).build())
                .isNotEqualTo(TrafficSelector.builder().ethType(TrafficSelector.ETH_TYPE_ARP).build())
                .isNotEqualTo(TrafficSelector.builder().build());
        assertThat(TrafficSelector.builder().inPort(2).vlan(7).ethType(0x0806).build())
                .hasToString("in_port=2,vlan=7,eth_type=0x0806");
        assertThat(TrafficSelector.builder().build().ethType()).as("unset: any").isNull();
    }

    @Test
    void ipv4IsAnEtherTypeToo() {
        TrafficSelector byType = TrafficSelector.builder().inPort(1).ethType(TrafficSelector.ETH_TYPE_IPV4).build();
        TrafficSelector ipv4 = TrafficSelector.builder().inPort(1).ipv4().build();
        assertThat(byType).isEqualTo(ipv4).hasSameHashCodeAs(ipv4).hasToString("in_port=1,ipv4");
        assertThat(byType.isIp()).isTrue();
        assertThat(TrafficSelector.builder().dscp(26).build().ethType()).isEqualTo(0x0800);
        assertThat(TrafficSelector.builder().ethType(0x0800).ipProto(6).build())
                .isEqualTo(TrafficSelector.builder().ipProto(6).build());
    }

    @Test
    void refusesWhatIsNoEtherTypeAndIpv4FieldsOnOtherTypes() {
        assertThatThrownBy(() -> TrafficSelector.builder().ethType(0x05ff)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x05ff");
        assertThatThrownBy(() -> TrafficSelector.builder().ethType(0x1_0000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TrafficSelector.builder().ethType(0x0806).ipv4Dst(Ip4Prefix.parse("10.0.0.0/8"))
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x0806");
        assertThatThrownBy(() -> TrafficSelector.builder().ethType(0x88cc).ipv4().build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
