package io.sluice.core.net;

/** Colon-separated hex octets, the way MAC addresses and datapath ids are written. */
public final class HexOctets {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private HexOctets() {
    }

    /** The low {@code octets} bytes of {@code value}, most significant first: {@code 00:1b:21:...}. */
    public static String format(long value, int octets) {
        StringBuilder sb = new StringBuilder(octets * 3 - 1);
        for (int i = octets - 1; i >= 0; i--) {
            int b = (int) (value >>> (i * 8)) & 0xFF;
            sb.append(DIGITS[b >>> 4]).append(DIGITS[b & 0xF]);
            if (i > 0) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
