package io.sluice.core.net;

/** An Ethernet (EUI-48) address. Immutable; printed as {@code aa:bb:cc:dd:ee:ff}. */
public final class MacAddress implements Comparable<MacAddress> {
    private static final long MASK = 0xFFFF_FFFF_FFFFL;

    private final long value;

    private MacAddress(long value) {
        this.value = value;
    }

    /** From the low 48 bits of {@code value}; the high 16 bits must be zero. */
    public static MacAddress of(long value) {
        if ((value & ~MASK) != 0) {
            throw new IllegalArgumentException("MAC address wider than 48 bits: 0x" + Long.toHexString(value));
        }
        return new MacAddress(value);
    }

    /** Parses {@code aa:bb:cc:dd:ee:ff} or {@code aa-bb-cc-dd-ee-ff}, case-insensitive. */
    public static MacAddress parse(String text) {
        String[] octets = text.trim().split("[:-]", -1);
        if (octets.length != 6) {
            throw new IllegalArgumentException("not a MAC address (want six hex octets like 02:00:00:00:00:01): '" + text + "'");
        }
        long value = 0;
        for (String octet : octets) {
            if (octet.length() != 2 || !Character.isLetterOrDigit(octet.charAt(0))) {
                throw new IllegalArgumentException("not a MAC address (octet '" + octet + "' is not two hex digits): '" + text + "'");
            }
            try {
                value = (value << 8) | Integer.parseInt(octet, 16);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a MAC address (octet '" + octet + "' is not hex): '" + text + "'", e);
            }
        }
        return new MacAddress(value);
    }

    public long toLong() {
        return value;
    }

    @Override
    public int compareTo(MacAddress other) {
        return Long.compare(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MacAddress && ((MacAddress) o).value == value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return HexOctets.format(value, 6);
    }
}
