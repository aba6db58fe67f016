package io.sluice.core.classify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Bit sets over rules in priority order (bit i is the i-th highest-priority rule), with identical
 * sets shared: many port intervals or VLANs select the same rules, and sharing keeps the index's
 * memory close to what distinct selections need.
 */
final class RuleBits {
    final int words;
    private final Map<Key, long[]> interned = new HashMap<>();

    RuleBits(int rules) {
        this.words = Math.max(1, (rules + 63) >>> 6);
    }

    long[] empty() {
        return new long[words];
    }

    static void set(long[] bits, int rule) {
        bits[rule >>> 6] |= 1L << rule;
    }

    static void clear(long[] bits, int rule) {
        bits[rule >>> 6] &= ~(1L << rule);
    }

    static long[] or(long[] a, long[] b) {
        long[] out = a.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] |= b[i];
        }
        return out;
    }

    /** The shared copy of a set equal to {@code bits}. */
    long[] intern(long[] bits) {
        return interned.computeIfAbsent(new Key(bits.clone()), k -> k.bits);
    }

    /** Sets built from {@code rules}' indices. */
    long[] of(List<Integer> rules) {
        long[] b = empty();
        rules.forEach(r -> set(b, r));
        return b;
    }

    private static final class Key {
        final long[] bits;
        final int hash;

        Key(long[] bits) {
            this.bits = bits;
            this.hash = Arrays.hashCode(bits);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key && Arrays.equals(((Key) o).bits, bits);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
