package io.sluice.core.route;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Link;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How every switch forwards toward one destination switch: the link each takes next, and how many
 * hops it is from the destination. Forwarding by destination makes the routes a tree, so rules grow
 * with destinations (hosts), never with flows. Immutable.
 */
public final class RouteTree {
    private final DeviceId destination;
    private final Map<DeviceId, Link> nextHop;
    private final Map<DeviceId, Integer> depth;

    private RouteTree(DeviceId destination, Map<DeviceId, Link> nextHop, Map<DeviceId, Integer> depth) {
        this.destination = Objects.requireNonNull(destination, "destination");
        this.nextHop = Collections.unmodifiableMap(new HashMap<>(nextHop));
        Map<DeviceId, Integer> d = new HashMap<>(depth);
        d.put(destination, 0);
        this.depth = Collections.unmodifiableMap(d);
        for (Map.Entry<DeviceId, Link> e : nextHop.entrySet()) {
            Link l = e.getValue();
            if (!l.src().deviceId().equals(e.getKey())) {
                throw new IllegalArgumentException("next hop of " + e.getKey() + " leaves another switch: " + l);
            }
            Integer here = this.depth.get(e.getKey());
            Integer there = this.depth.get(l.dst().deviceId());
            if (here == null || there == null || there != here - 1) {
                // Each hop must get one closer, or the tree could hold a forwarding loop.
                throw new IllegalArgumentException("next hop of " + e.getKey() + " does not lead closer to "
                        + destination + ": " + l);
            }
        }
    }

    /**
     * @param nextHop the link each switch (other than the destination) forwards on
     * @param depth   hops from each switch to the destination; must fall by one along every next hop
     */
    public static RouteTree of(DeviceId destination, Map<DeviceId, Link> nextHop, Map<DeviceId, Integer> depth) {
        return new RouteTree(destination, nextHop, depth);
    }

    /** The tree in which only the destination reaches itself. */
    public static RouteTree empty(DeviceId destination) {
        return new RouteTree(destination, Map.of(), Map.of());
    }

    public DeviceId destination() {
        return destination;
    }

    /** The link {@code device} forwards on; empty at the destination and at switches that cannot reach it. */
    public Optional<Link> nextHop(DeviceId device) {
        return Optional.ofNullable(nextHop.get(device));
    }

    /** Hops from {@code device} to the destination; empty if it cannot reach it. */
    public Optional<Integer> depth(DeviceId device) {
        return Optional.ofNullable(depth.get(device));
    }

    /** Every switch that reaches the destination, the destination included. */
    public Set<DeviceId> members() {
        return depth.keySet();
    }

    /** The path from edge port {@code from} to edge port {@code to} (which must be on the destination). */
    public PathResult path(ConnectPoint from, ConnectPoint to) {
        if (!to.deviceId().equals(destination)) {
            throw new IllegalArgumentException(to + " is not on this tree's destination " + destination);
        }
        if (!depth.containsKey(from.deviceId())) {
            return PathResult.noPath("switch " + from.deviceId() + " has no route to switch " + destination
                    + ": no chain of links joins them");
        }
        List<Link> links = new ArrayList<>();
        DeviceId at = from.deviceId();
        while (!at.equals(destination)) {
            Link l = nextHop.get(at);
            links.add(l);
            at = l.dst().deviceId();
        }
        return PathResult.found(Path.of(from, to, links));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RouteTree)) {
            return false;
        }
        RouteTree t = (RouteTree) o;
        return destination.equals(t.destination) && nextHop.equals(t.nextHop) && depth.equals(t.depth);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, nextHop);
    }

    @Override
    public String toString() {
        return "routes to " + destination + " from " + (depth.size() - 1) + " switch(es)";
    }
}
