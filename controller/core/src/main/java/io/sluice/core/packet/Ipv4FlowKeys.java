package io.sluice.core.packet;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import java.util.Optional;

/**
 * The flow an IPv4 frame belongs to, read from its headers: addresses, protocol, DSCP, VLAN, and
 * the transport ports of TCP, UDP and SCTP (not of a later fragment, which carries none: its flow
 * is the fragments' own). Untagged and single-tagged frames only.
 */
public final class Ipv4FlowKeys {
    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88a8;

    private Ipv4FlowKeys() {
    }

    /** The flow of {@code frame}, or empty if it is not a well-formed IPv4 frame. */
    public static Optional<FlowKey> of(ConnectPoint ingress, byte[] frame) {
        if (Frames.etherType(frame) != Frames.IPV4) {
            return Optional.empty();
        }
        int ip = 14;
        int tags = 0;
        while (ip + 2 <= frame.length) {
            int type = u16(frame, ip - 2);
            if (type != VLAN && type != QINQ) {
                break;
            }
            ip += 4;
            tags++;
        }
        if (tags > 1) {
            // A rule matches the outer tag only; one keyed on this frame could never match it.
            return Optional.empty();
        }
        if (frame.length < ip + 20 || (frame[ip] & 0xF0) != 0x40) {
            return Optional.empty();
        }
        int headerLength = (frame[ip] & 0x0F) * 4;
        if (headerLength < 20 || frame.length < ip + headerLength) {
            return Optional.empty();
        }
        int proto = frame[ip + 9] & 0xFF;
        FlowKey.Builder k = FlowKey.builder()
                .src(Ip4Address.of(u32(frame, ip + 12)))
                .dst(Ip4Address.of(u32(frame, ip + 16)))
                .ipProto(proto)
                .dscp((frame[ip + 1] & 0xFF) >>> 2)
                .vlan(Frames.vlan(frame))
                .srcMac(MacAddress.of(u48(frame, 6)))
                .dstMac(MacAddress.of(u48(frame, 0)))
                .ingress(ingress);
        boolean laterFragment = (u16(frame, ip + 6) & 0x1FFF) != 0;
        int l4 = ip + headerLength;
        if ((proto == 6 || proto == 17 || proto == 132) && !laterFragment) {
            if (frame.length < l4 + 4) {
                return Optional.empty();
            }
            k.srcPort(u16(frame, l4)).dstPort(u16(frame, l4 + 2));
        }
        return Optional.of(k.build());
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    private static int u32(byte[] b, int at) {
        return (u16(b, at) << 16) | u16(b, at + 2);
    }

    private static long u48(byte[] b, int at) {
        return ((long) u16(b, at) << 32) | (u32(b, at + 2) & 0xFFFF_FFFFL);
    }
}
