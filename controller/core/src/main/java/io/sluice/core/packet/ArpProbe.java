package io.sluice.core.packet;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.topology.HostId;
import org.onlab.packet.ARP;
import org.onlab.packet.Ethernet;
import org.onlab.packet.MacAddress;

/**
 * ARP requests the controller asks itself, in RFC 5227's probe form: from
 * {@link Frames#CONTROLLER_MAC} and 0.0.0.0, so that no host's ARP cache learns anything from the
 * question, and the answer comes back addressed to the controller.
 */
public final class ArpProbe {
    private static final long BROADCAST = 0xFFFF_FFFF_FFFFL;

    private ArpProbe() {
    }

    /** Who has {@code ip}? Sent to one MAC (a liveness check) or {@code null} for broadcast. */
    public static byte[] forAddress(Ip4Address ip, int vlan, io.sluice.core.net.MacAddress to) {
        byte[] controller = MacAddress.valueOf(Frames.CONTROLLER_MAC).toBytes();
        ARP arp = new ARP();
        arp.setHardwareType(ARP.HW_TYPE_ETHERNET).setProtocolType(ARP.PROTO_TYPE_IP)
                .setHardwareAddressLength((byte) 6).setProtocolAddressLength((byte) 4).setOpCode(ARP.OP_REQUEST)
                .setSenderHardwareAddress(controller)
                .setSenderProtocolAddress(new byte[4])
                .setTargetHardwareAddress(new byte[6])
                .setTargetProtocolAddress(ip.toInt());
        Ethernet eth = new Ethernet();
        eth.setSourceMACAddress(controller)
                .setDestinationMACAddress(MacAddress.valueOf(to == null ? BROADCAST : to.toLong()))
                .setEtherType(Ethernet.TYPE_ARP)
                .setVlanID(vlan == HostId.UNTAGGED ? Ethernet.VLAN_UNTAGGED : (short) vlan)
                .setPayload(arp);
        return eth.serialize();
    }
}
