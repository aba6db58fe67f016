package io.sluice.core.policy;

import java.util.ArrayList;
import java.util.List;

/** Transport ports {@code from} to {@code to}, both included. Immutable. */
public final class PortRange {
    private final int from;
    private final int to;

    private PortRange(int from, int to) {
        this.from = from;
        this.to = to;
    }

    /** @throws IllegalArgumentException unless 0 <= from <= to <= 65535 */
    public static PortRange of(int from, int to) {
        if (from < 0 || to > 65535 || from > to) {
            throw new IllegalArgumentException("not a port range (want 0-65535, low to high): " + from + "-" + to);
        }
        return new PortRange(from, to);
    }

    public static PortRange single(int port) {
        return of(port, port);
    }

    /** Parses {@code 8080} or {@code 8000-8001}. */
    public static PortRange parse(String text) {
        String t = text.trim();
        int dash = t.indexOf('-', 1);
        try {
            return dash < 0 ? single(Integer.parseInt(t))
                    : of(Integer.parseInt(t.substring(0, dash).trim()), Integer.parseInt(t.substring(dash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a port or port range (want 8080 or 8000-8001): '" + t + "'");
        }
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    /**
     * The range as value/mask blocks (each a power-of-two run of ports aligned on its size), the
     * fewest that cover it exactly: what a switch that matches ports with masks can install.
     * {@code 8000-8001} is one block, {@code 1-65535} sixteen.
     */
    public List<int[]> maskedBlocks() {
        List<int[]> out = new ArrayList<>();
        int lo = from;
        while (lo <= to) {
            int size = lo == 0 ? 1 << 16 : Integer.lowestOneBit(lo);
            while (lo + size - 1 > to) {
                size >>= 1;
            }
            out.add(new int[] {lo, 0xFFFF & ~(size - 1)});
            lo += size;
        }
        return out;
    }

    public boolean contains(int port) {
        return port >= from && port <= to;
    }

    public boolean intersects(PortRange o) {
        return from <= o.to && o.from <= to;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PortRange && ((PortRange) o).from == from && ((PortRange) o).to == to;
    }

    @Override
    public int hashCode() {
        return from * 65537 + to;
    }

    @Override
    public String toString() {
        return from == to ? Integer.toString(from) : from + "-" + to;
    }
}
