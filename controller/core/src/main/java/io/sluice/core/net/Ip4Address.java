package io.sluice.core.net;

/** An IPv4 address. Immutable; printed dotted-quad. */
public final class Ip4Address implements Comparable<Ip4Address> {
    private final int value;

    private Ip4Address(int value) {
        this.value = value;
    }

    public static Ip4Address of(int value) {
        return new Ip4Address(value);
    }

    /** Parses dotted-quad text such as {@code 10.0.1.1}. */
    public static Ip4Address parse(String text) {
        String[] parts = text.trim().split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address (want four numbers like 10.0.1.1): '" + shorten(text) + "'");
        }
        int value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address ('" + shorten(part) + "' is not 0-255): '"
                        + shorten(text) + "'");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address (" + octet + " is over 255): '" + shorten(text) + "'");
            }
            value = (value << 8) | octet;
        }
        return new Ip4Address(value);
    }

    /** Whether {@code text} looks like an IPv4 address at all (four dot-separated parts). */
    public static boolean looksLikeOne(String text) {
        return text.chars().filter(c -> c == '.').count() == 3;
    }

    public int toInt() {
        return value;
    }

    /** 0.0.0.0, which ARP probes and DHCP clients use before they have an address. */
    public boolean isUnspecified() {
        return value == 0;
    }

    /** 224.0.0.0/4 or 255.255.255.255: never a host's own address. */
    public boolean isMulticastOrBroadcast() {
        return (value >>> 28) == 0xE || value == -1;
    }

    @Override
    public int compareTo(Ip4Address other) {
        return Integer.compareUnsigned(value, other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip4Address && ((Ip4Address) o).value == value;
    }

    @Override
    public int hashCode() {
        return value;
    }

    @Override
    public String toString() {
        return ((value >>> 24) & 0xFF) + "." + ((value >>> 16) & 0xFF) + "." + ((value >>> 8) & 0xFF) + "." + (value & 0xFF);
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
