package io.sluice.core.packet;

/** Looks into raw Ethernet frames without parsing them whole: packet-ins are many, most are not for us. */
public final class Frames {
    public static final int LLDP = 0x88cc;
    public static final int BDDP = 0x8942;
    public static final int ARP = 0x0806;
    public static final int IPV4 = 0x0800;
    /**
     * The source MAC of frames the controller makes up itself (host liveness probes): locally
     * administered, "51ce" in it, and the answers addressed to it are the controller's to consume.
     */
    public static final long CONTROLLER_MAC = 0x0251_CE00_0001L;
    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88a8;
    private static final int TAG_LENGTH = 4;

    private Frames() {
    }

    /** The frame's payload type, behind up to two VLAN tags; -1 when the frame is too short to say. */
    public static int etherType(byte[] frame) {
        int offset = 12;
        for (int tags = 0; tags <= 2; tags++) {
            if (frame.length < offset + 2) {
                return -1;
            }
            int type = ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
            if (type != VLAN && type != QINQ) {
                return type;
            }
            offset += TAG_LENGTH;
        }
        return -1;
    }

    /** LLDP or BDDP: link discovery's, never a host's. */
    public static boolean isDiscovery(byte[] frame) {
        int type = etherType(frame);
        return type == LLDP || type == BDDP;
    }

    /**
     * The VLAN id of the innermost tag (the customer VLAN of a double-tagged frame), or 0 for an
     * untagged frame: the same VLAN host discovery files the sender under.
     */
    public static int vlan(byte[] frame) {
        int offset = 12;
        int vid = 0;
        for (int tags = 0; tags < 2 && frame.length >= offset + 4; tags++) {
            int type = ((frame[offset] & 0xFF) << 8) | (frame[offset + 1] & 0xFF);
            if (type != VLAN && type != QINQ) {
                break;
            }
            vid = ((frame[offset + 2] & 0x0F) << 8) | (frame[offset + 3] & 0xFF);
            offset += TAG_LENGTH;
        }
        return vid;
    }

    /** The IPv4 destination of an IPv4 frame (behind up to two tags), or null for anything else. */
    public static io.sluice.core.net.Ip4Address ipv4Destination(byte[] frame) {
        if (etherType(frame) != IPV4) {
            return null;
        }
        int offset = 14;
        while (offset + 2 <= frame.length) {
            int type = ((frame[offset - 2] & 0xFF) << 8) | (frame[offset - 1] & 0xFF);
            if (type != VLAN && type != QINQ) {
                break;
            }
            offset += TAG_LENGTH;
        }
        if (frame.length < offset + 20) {
            return null;
        }
        return io.sluice.core.net.Ip4Address.of(((frame[offset + 16] & 0xFF) << 24) | ((frame[offset + 17] & 0xFF) << 16)
                | ((frame[offset + 18] & 0xFF) << 8) | (frame[offset + 19] & 0xFF));
    }

    /**
     * Whether the destination is one of IEEE 802.1D's reserved link-local addresses
     * (01:80:c2:00:00:00-0f: STP, LACP, 802.1X, LLDP): frames a bridge must never forward.
     */
    public static boolean isLinkLocalDestination(byte[] frame) {
        return frame.length >= 6 && (frame[0] & 0xFF) == 0x01 && (frame[1] & 0xFF) == 0x80
                && (frame[2] & 0xFF) == 0xC2 && frame[3] == 0 && frame[4] == 0 && (frame[5] & 0xF0) == 0;
    }

    /** The destination MAC as a number; the frame must hold one (6 bytes or more). */
    public static long destinationMac(byte[] frame) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = (v << 8) | (frame[i] & 0xFF);
        }
        return v;
    }

    /** Whether the destination MAC is a group (broadcast or multicast) address. */
    public static boolean isGroupDestination(byte[] frame) {
        return frame.length >= 6 && (frame[0] & 1) != 0;
    }

    /** Destination, source and type of a frame, for log lines. */
    public static String summary(byte[] frame) {
        if (frame.length < 14) {
            return frame.length + "-byte runt";
        }
        return String.format("%s > %s type 0x%04x, %d bytes", mac(frame, 6), mac(frame, 0), etherType(frame) & 0xFFFF,
                frame.length);
    }

    private static String mac(byte[] frame, int offset) {
        StringBuilder b = new StringBuilder(17);
        for (int i = offset; i < offset + 6; i++) {
            b.append(i == offset ? "" : ":").append(String.format("%02x", frame[i] & 0xFF));
        }
        return b.toString();
    }
}
