package io.sluice.bench.emulator;

import java.util.HashMap;
import java.util.Map;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.ArpOpcode;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;
import org.projectfloodlight.openflow.types.IpDscp;
import org.projectfloodlight.openflow.types.IpEcn;
import org.projectfloodlight.openflow.types.IpProtocol;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.OFVlanVidMatch;
import org.projectfloodlight.openflow.types.TransportPort;

/**
 * The OpenFlow match fields of a frame arriving at a port, as a switch's table lookup sees them:
 * in port, Ethernet addresses and type, VLAN (none for an untagged frame), ARP's opcode and
 * addresses, and for IPv4 its DSCP, ECN, protocol, addresses and TCP/UDP ports. A field the frame
 * does not have, or that is not parsed here (ICMP, IPv6, SCTP, MPLS, tunnel metadata), is absent, so
 * an entry that matches on it cannot match the frame: the frame falls to a lower-priority entry.
 */
final class FrameFields {
    private FrameFields() {
    }

    static Map<MatchField<?>, OFValueType<?>> of(int inPort, byte[] f) {
        Map<MatchField<?>, OFValueType<?>> out = new HashMap<>();
        out.put(MatchField.IN_PORT, OFPort.of(inPort));
        if (f.length < 14) {
            return out;
        }
        out.put(MatchField.ETH_DST, MacAddress.of(java.util.Arrays.copyOfRange(f, 0, 6)));
        out.put(MatchField.ETH_SRC, MacAddress.of(java.util.Arrays.copyOfRange(f, 6, 12)));
        int type = u16(f, 12);
        int l3 = 14;
        if (type == 0x8100 && f.length >= 18) {
            out.put(MatchField.VLAN_VID, OFVlanVidMatch.ofVlan(u16(f, 14) & 0x0FFF));
            type = u16(f, 16);
            l3 = 18;
        } else {
            out.put(MatchField.VLAN_VID, OFVlanVidMatch.NONE);
        }
        out.put(MatchField.ETH_TYPE, EthType.of(type));
        if (type == 0x0806 && f.length >= l3 + 28) {
            out.put(MatchField.ARP_OP, ArpOpcode.of(u16(f, l3 + 6)));
            out.put(MatchField.ARP_SHA, MacAddress.of(java.util.Arrays.copyOfRange(f, l3 + 8, l3 + 14)));
            out.put(MatchField.ARP_SPA, IPv4Address.of(u32(f, l3 + 14)));
            out.put(MatchField.ARP_THA, MacAddress.of(java.util.Arrays.copyOfRange(f, l3 + 18, l3 + 24)));
            out.put(MatchField.ARP_TPA, IPv4Address.of(u32(f, l3 + 24)));
            return out;
        }
        if (type != 0x0800 || f.length < l3 + 20) {
            return out;
        }
        out.put(MatchField.IP_DSCP, IpDscp.of((byte) ((f[l3 + 1] & 0xFF) >>> 2)));
        out.put(MatchField.IP_ECN, IpEcn.of((byte) (f[l3 + 1] & 0x03)));
        int proto = f[l3 + 9] & 0xFF;
        out.put(MatchField.IP_PROTO, IpProtocol.of((short) proto));
        out.put(MatchField.IPV4_SRC, IPv4Address.of(u32(f, l3 + 12)));
        out.put(MatchField.IPV4_DST, IPv4Address.of(u32(f, l3 + 16)));
        int l4 = l3 + (f[l3] & 0x0F) * 4;
        if (f.length >= l4 + 4) {
            if (proto == 6) {
                out.put(MatchField.TCP_SRC, TransportPort.of(u16(f, l4)));
                out.put(MatchField.TCP_DST, TransportPort.of(u16(f, l4 + 2)));
            } else if (proto == 17) {
                out.put(MatchField.UDP_SRC, TransportPort.of(u16(f, l4)));
                out.put(MatchField.UDP_DST, TransportPort.of(u16(f, l4 + 2)));
            }
        }
        return out;
    }

    private static int u16(byte[] f, int at) {
        return ((f[at] & 0xFF) << 8) | (f[at + 1] & 0xFF);
    }

    private static int u32(byte[] f, int at) {
        return (u16(f, at) << 16) | u16(f, at + 2);
    }
}
