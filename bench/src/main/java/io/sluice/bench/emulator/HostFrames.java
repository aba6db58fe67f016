package io.sluice.bench.emulator;

import java.nio.ByteBuffer;

/** The frames emulated hosts send: ARP requests, and TCP SYNs that each start a new flow. */
public final class HostFrames {
    private HostFrames() {
    }

    /** The MAC of the {@code n}-th host port (from 0): locally administered, unique per port. */
    public static long mac(int n) {
        return 0x02EE_0000_0000L | (n & 0xFFFF_FFFFL);
    }

    /** The IPv4 address of the {@code n}-th host port: 10.128.0.0/9, so it never meets a lab address. */
    public static int ip(int n) {
        return 0x0A80_0000 | (n + 1);
    }

    /** The host port index an address of {@link #ip} belongs to. */
    public static int index(int ip) {
        return (ip & 0x007F_FFFF) - 1;
    }

    /** A broadcast ARP request from {@code srcMac}/{@code srcIp} asking for {@code targetIp}. */
    public static byte[] arpRequest(long srcMac, int srcIp, int targetIp) {
        ByteBuffer b = ByteBuffer.allocate(60);
        putMac(b, 0xFFFF_FFFF_FFFFL);
        putMac(b, srcMac);
        b.putShort((short) 0x0806);
        b.putShort((short) 1).putShort((short) 0x0800).put((byte) 6).put((byte) 4).putShort((short) 1);
        putMac(b, srcMac);
        b.putInt(srcIp);
        putMac(b, 0);
        b.putInt(targetIp);
        return b.array();
    }

    /** A TCP SYN from one host to another: a new flow for every distinct source port. */
    public static byte[] tcpSyn(long srcMac, long dstMac, int srcIp, int dstIp, int srcPort, int dstPort) {
        ByteBuffer b = ByteBuffer.allocate(14 + 20 + 20);
        putMac(b, dstMac);
        putMac(b, srcMac);
        b.putShort((short) 0x0800);
        int ipStart = b.position();
        b.put((byte) 0x45).put((byte) 0).putShort((short) 40).putShort((short) 0).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).putInt(srcIp).putInt(dstIp);
        b.putShort(ipStart + 10, checksum(b.array(), ipStart, 20));
        b.putShort((short) srcPort).putShort((short) dstPort).putInt(1).putInt(0).put((byte) 0x50).put((byte) 0x02)
                .putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        return b.array();
    }

    private static void putMac(ByteBuffer b, long mac) {
        b.putShort((short) (mac >>> 32)).putInt((int) mac);
    }

    private static short checksum(byte[] a, int from, int len) {
        int sum = 0;
        for (int i = from; i < from + len; i += 2) {
            sum += ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
