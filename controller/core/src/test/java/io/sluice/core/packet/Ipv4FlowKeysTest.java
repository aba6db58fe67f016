package io.sluice.core.packet;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.device.DeviceId;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.topology.ConnectPoint;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Flow keys from raw frames: every field where it is, and anything short or odd refused. */
class Ipv4FlowKeysTest {
    private static final ConnectPoint AT = ConnectPoint.of(Ids.of(0x201), 3);

    /** An Ethernet + IPv4 (+ 4 bytes of ports) frame; {@code tags} 802.1Q tags with VLAN 7 each. */
    private static byte[] frame(int proto, int tos, int fragment, int tags) {
        byte[] f = new byte[14 + 4 * tags + 20 + 8];
        f[0] = 0x02; f[5] = 0x41; // dst 02:00:00:00:00:41
        f[6] = 0x02; f[11] = 0x31; // src 02:00:00:00:00:31
        int at = 12;
        for (int i = 0; i < tags; i++) {
            f[at] = (byte) 0x81; f[at + 1] = 0x00; f[at + 2] = 0x00; f[at + 3] = 0x07;
            at += 4;
        }
        f[at] = 0x08; f[at + 1] = 0x00;
        int ip = at + 2;
        f[ip] = 0x45;
        f[ip + 1] = (byte) tos;
        f[ip + 6] = (byte) (fragment >> 8); f[ip + 7] = (byte) fragment;
        f[ip + 9] = (byte) proto;
        f[ip + 12] = 10; f[ip + 15] = 1; // 10.0.0.1
        f[ip + 16] = 10; f[ip + 19] = 2; // 10.0.0.2
        f[ip + 20] = (byte) 0x9c; f[ip + 21] = 0x40; // 40000
        f[ip + 22] = 0x14; f[ip + 23] = 0x51; // 5201
        return f;
    }

    @Test
    void aTcpFrameGivesItsFiveTupleDscpAndMacs() {
        FlowKey k = Ipv4FlowKeys.of(AT, frame(6, 34 << 2, 0, 0)).orElseThrow();
        assertThat(k.src()).isEqualTo(Ip4Address.parse("10.0.0.1"));
        assertThat(k.dst()).isEqualTo(Ip4Address.parse("10.0.0.2"));
        assertThat(k.ipProto()).isEqualTo(6);
        assertThat(k.srcPort()).isEqualTo(40000);
        assertThat(k.dstPort()).isEqualTo(5201);
        assertThat(k.dscp()).isEqualTo(34);
        assertThat(k.vlan()).isZero();
        assertThat(k.srcMac().toString()).isEqualTo("02:00:00:00:00:31");
        assertThat(k.ingress()).isEqualTo(AT);
    }

    @Test
    void oneTagGivesItsVlanAndTwoAreRefused() {
        assertThat(Ipv4FlowKeys.of(AT, frame(17, 0, 0, 1)).orElseThrow().vlan()).isEqualTo(7);
        assertThat(Ipv4FlowKeys.of(AT, frame(17, 0, 0, 2))).isEmpty();
    }

    @Test
    void aLaterFragmentAndIcmpHaveNoPorts() {
        FlowKey later = Ipv4FlowKeys.of(AT, frame(17, 0, 100, 0)).orElseThrow();
        assertThat(later.srcPort()).isZero();
        assertThat(Ipv4FlowKeys.of(AT, frame(1, 0, 0, 0)).orElseThrow().dstPort()).isZero();
    }

    @Test
    void shortOrOddFramesAreRefused() {
        byte[] good = frame(6, 0, 0, 0);
        for (int n : new int[] {0, 13, 14, 20, 33, 34 + 2}) {
            assertThat(Ipv4FlowKeys.of(AT, Arrays.copyOf(good, n))).as("%d bytes", n).isEmpty();
        }
        byte[] ipv6 = good.clone();
        ipv6[14] = 0x60;
        assertThat(Ipv4FlowKeys.of(AT, ipv6)).as("version 6 in an IPv4 frame").isEmpty();
        byte[] shortHeader = good.clone();
        shortHeader[14] = 0x44;
        assertThat(Ipv4FlowKeys.of(AT, shortHeader)).as("IHL 4").isEmpty();
        byte[] arp = good.clone();
        arp[12] = 0x08; arp[13] = 0x06;
        assertThat(Ipv4FlowKeys.of(AT, arp)).isEmpty();
    }
}
