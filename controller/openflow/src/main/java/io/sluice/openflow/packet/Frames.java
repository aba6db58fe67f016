package io.sluice.openflow.discovery;

/** Looks into raw Ethernet frames without parsing them whole: packet-ins are many, most are not for us. */
final class Frames {
    static final int LLDP = 0x88cc;
    static final int BDDP = 0x8942;
    private static final int VLAN = 0x8100;
    private static final int QINQ = 0x88a8;
    private static final int TAG_LENGTH = 4;

    private Frames() {
    }

    /** The frame's payload type, behind up to two VLAN tags; -1 when the frame is too short to say. */
    static int etherType(byte[] frame) {
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
    static boolean isDiscovery(byte[] frame) {
        int type = etherType(frame);
        return type == LLDP || type == BDDP;
    }
}
