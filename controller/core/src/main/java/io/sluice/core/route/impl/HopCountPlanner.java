package io.sluice.core.route.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.route.PathPlanner;
import io.sluice.core.route.RouteTree;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jgrapht.Graph;

/**
 * Fewest hops to the destination, found by a breadth-first search backwards from it. Where several
 * next hops are equally short, a switch keeps the one it uses now; otherwise a hash of the
 * destination and the switch picks one, so that destinations spread over the equal-cost links
 * (spines, cores) instead of all taking the first.
 */
public final class HopCountPlanner implements PathPlanner {
    private static final Comparator<Link> LINK_ORDER =
            Comparator.comparing((Link l) -> l.dst().deviceId()).thenComparing(Link::src).thenComparing(Link::dst);

    @Override
    public RouteTree plan(Topology topology, DeviceId destination, RouteTree previous) {
        Graph<DeviceId, Link> g = topology.graph();
        if (!g.containsVertex(destination)) {
            return RouteTree.empty(destination);
        }
        Map<DeviceId, Integer> depth = new HashMap<>();
        depth.put(destination, 0);
        Deque<DeviceId> queue = new ArrayDeque<>();
        queue.add(destination);
        while (!queue.isEmpty()) {
            DeviceId v = queue.poll();
            int d = depth.get(v);
            for (Link in : g.incomingEdgesOf(v)) {
                DeviceId u = in.src().deviceId();
                if (!depth.containsKey(u)) {
                    depth.put(u, d + 1);
                    queue.add(u);
                }
            }
        }
        Map<DeviceId, Link> nextHop = new HashMap<>();
        for (Map.Entry<DeviceId, Integer> e : depth.entrySet()) {
            DeviceId u = e.getKey();
            if (u.equals(destination)) {
                continue;
            }
            List<Link> closer = new ArrayList<>();
            for (Link out : g.outgoingEdgesOf(u)) {
                Integer there = depth.get(out.dst().deviceId());
                if (there != null && there == e.getValue() - 1) {
                    closer.add(out);
                }
            }
            nextHop.put(u, choose(closer, previous.nextHop(u).orElse(null), destination, u));
        }
        return RouteTree.of(destination, nextHop, depth);
    }

    private static Link choose(List<Link> closer, Link current, DeviceId destination, DeviceId at) {
        if (current != null) {
            for (Link l : closer) {
                // Same cable; its capacity may have been re-read, which does not make it another link.
                if (l.src().equals(current.src()) && l.dst().equals(current.dst())) {
                    return l;
                }
            }
        }
        closer.sort(LINK_ORDER);
        long h = mix(destination.hashCode() * 31L + at.hashCode());
        return closer.get((int) Math.floorMod(h, (long) closer.size()));
    }

    /** SplitMix64's finaliser: neighbouring datapath ids land far apart. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
