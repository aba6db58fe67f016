package io.sluice.core.classify;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules whose prefix contains an address, for one end of a flow: a binary trie over prefix
 * bits in which each node that is some rule's prefix holds the set of rules whose prefix contains
 * it (its own and its ancestors'). A lookup walks at most 32 steps and returns the deepest such set.
 */
final class PrefixIndex {
    private int[] zero = new int[64];
    private int[] one = new int[64];
    private long[][] contained;
    private int nodes = 1;

    /** @param prefixes each rule's prefix, null meaning any address */
    PrefixIndex(List<Ip4Prefix> prefixes, RuleBits bits) {
        Map<Integer, List<Integer>> own = new HashMap<>();
        for (int r = 0; r < prefixes.size(); r++) {
            Ip4Prefix p = prefixes.get(r) == null ? Ip4Prefix.ANY : prefixes.get(r);
            own.computeIfAbsent(insert(p), k -> new ArrayList<>()).add(r);
        }
        // Children are always created after their parent, so one pass in node order sees each
        // parent's set before its children need it.
        long[][] cumulative = new long[nodes][];
        int[] nearest = new int[nodes];
        cumulative[0] = bits.of(own.getOrDefault(0, List.of()));
        for (int n = 0; n < nodes; n++) {
            int ancestor = cumulative[n] != null ? n : nearest[n];
            for (int child : new int[] {zero[n], one[n]}) {
                if (child == 0) {
                    continue;
                }
                nearest[child] = ancestor;
                List<Integer> mine = own.get(child);
                if (mine != null) {
                    cumulative[child] = RuleBits.or(cumulative[ancestor], bits.of(mine));
                }
            }
        }
        contained = new long[nodes][];
        for (int n = 0; n < nodes; n++) {
            contained[n] = cumulative[n] == null ? null : bits.intern(cumulative[n]);
        }
        zero = Arrays.copyOf(zero, nodes);
        one = Arrays.copyOf(one, nodes);
    }

    private int insert(Ip4Prefix p) {
        int node = 0;
        int a = p.address().toInt();
        for (int i = 0; i < p.length(); i++) {
            boolean bit = (a << i) < 0;
            int next = bit ? one[node] : zero[node];
            if (next == 0) {
                next = nodes++;
                grow();
                if (bit) {
                    one[node] = next;
                } else {
                    zero[node] = next;
                }
            }
            node = next;
        }
        return node;
    }

    private void grow() {
        if (nodes > zero.length) {
            zero = Arrays.copyOf(zero, zero.length * 2);
            one = Arrays.copyOf(one, one.length * 2);
        }
    }

    /** The rules whose prefix contains {@code ip}. */
    long[] lookup(Ip4Address ip) {
        int a = ip.toInt();
        int node = 0;
        long[] best = contained[0];
        for (int i = 0; i < 32; i++) {
            node = (a << i) < 0 ? one[node] : zero[node];
            if (node == 0) {
                break;
            }
            if (contained[node] != null) {
                best = contained[node];
            }
        }
        return best;
    }
}
