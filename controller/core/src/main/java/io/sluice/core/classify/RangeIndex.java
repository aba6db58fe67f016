package io.sluice.core.classify;

import io.sluice.core.policy.PortRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The rules whose port range contains a port: the ranges' ends cut 0-65535 into intervals, each
 * with the set of rules covering it (built by one sweep); a lookup is a binary search.
 */
final class RangeIndex {
    private final int[] starts;
    private final long[][] covering;

    /** @param ranges each rule's range, null meaning any port */
    RangeIndex(List<PortRange> ranges, RuleBits bits) {
        TreeSet<Integer> cuts = new TreeSet<>();
        cuts.add(0);
        List<List<Integer>> opening = new ArrayList<>();
        List<List<Integer>> closing = new ArrayList<>();
        for (PortRange r : ranges) {
            if (r != null) {
                cuts.add(r.from());
                if (r.to() < 65535) {
                    cuts.add(r.to() + 1);
                }
            }
        }
        starts = cuts.stream().mapToInt(Integer::intValue).toArray();
        for (int i = 0; i < starts.length; i++) {
            opening.add(new ArrayList<>());
            closing.add(new ArrayList<>());
        }
        long[] current = bits.empty();
        for (int rule = 0; rule < ranges.size(); rule++) {
            PortRange r = ranges.get(rule);
            if (r == null) {
                RuleBits.set(current, rule);
            } else {
                opening.get(Arrays.binarySearch(starts, r.from())).add(rule);
                if (r.to() < 65535) {
                    closing.get(Arrays.binarySearch(starts, r.to() + 1)).add(rule);
                }
            }
        }
        covering = new long[starts.length][];
        for (int i = 0; i < starts.length; i++) {
            closing.get(i).forEach(rule -> RuleBits.clear(current, rule));
            opening.get(i).forEach(rule -> RuleBits.set(current, rule));
            covering[i] = bits.intern(current);
        }
    }

    long[] lookup(int port) {
        int i = Arrays.binarySearch(starts, port);
        return covering[i >= 0 ? i : -i - 2];
    }
}
