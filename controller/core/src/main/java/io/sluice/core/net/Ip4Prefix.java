package io.sluice.core.net;

import java.util.Objects;

/** An IPv4 prefix such as {@code 10.0.0.0/8}; host bits are always zero. Immutable. */
public final class Ip4Prefix implements Comparable<Ip4Prefix> {
    /** Every address: {@code 0.0.0.0/0}. */
    public static final Ip4Prefix ANY = new Ip4Prefix(0, 0);

    private final int address;
    private final int length;

    private Ip4Prefix(int address, int length) {
        this.address = address;
        this.length = length;
    }

    /**
     * @throws IllegalArgumentException if {@code length} is not 0-32 or {@code address} has bits set
     *     beyond the prefix (10.0.1.5/24 is most likely a typo for 10.0.1.0/24 or 10.0.1.5/32)
     */
    public static Ip4Prefix of(Ip4Address address, int length) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length must be 0-32, got " + length);
        }
        int a = address.toInt();
        if ((a & ~mask(length)) != 0) {
            throw new IllegalArgumentException(address + "/" + length + " has host bits set: did you mean "
                    + Ip4Address.of(a & mask(length)) + "/" + length + " or " + address + "/32?");
        }
        return new Ip4Prefix(a, length);
    }

    /** Parses {@code 10.0.0.0/8}; a bare address is a /32. */
    public static Ip4Prefix parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        if (slash < 0) {
            return of(Ip4Address.parse(t), 32);
        }
        String len = t.substring(slash + 1);
        if (len.isEmpty() || len.length() > 2 || !len.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a prefix length (want 0-32 after '/'): '" + t + "'");
        }
        return of(Ip4Address.parse(t.substring(0, slash)), Integer.parseInt(len));
    }

    /** The network mask of a prefix of {@code length} bits, as an int. */
    public static int mask(int length) {
        return length == 0 ? 0 : -1 << (32 - length);
    }

    public Ip4Address address() {
        return Ip4Address.of(address);
    }

    public int length() {
        return length;
    }

    public boolean contains(Ip4Address ip) {
        return (ip.toInt() & mask(length)) == address;
    }

    /** Whether one of the two prefixes contains the other (IPv4 prefixes never partly overlap). */
    public boolean overlaps(Ip4Prefix other) {
        int shorter = Math.min(length, other.length);
        return ((address ^ other.address) & mask(shorter)) == 0;
    }

    @Override
    public int compareTo(Ip4Prefix o) {
        int c = Integer.compareUnsigned(address, o.address);
        return c != 0 ? c : Integer.compare(length, o.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ip4Prefix && ((Ip4Prefix) o).address == address && ((Ip4Prefix) o).length == length;
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, length);
    }

    @Override
    public String toString() {
        return Ip4Address.of(address) + "/" + length;
    }
}
