package io.sluice.core.route.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.route.RouteTree;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Where one class goes next from one switch toward a destination, by the class's route preference.
 * Every choice is among the links that lead one hop closer to the destination, so that no class
 * can loop and each class's path is as short as the shortest one:
 * <ul>
 *   <li>SHORTEST: the route tree's own next hop.
 *   <li>SPREAD: a SELECT group over all of them; the switch hashes each flow onto one.
 *   <li>LOWEST_LATENCY: where the class goes now (at first the tree's next hop), or, when inference
 *       makes that link hot (over the policy's {@link Policy#inferenceHotPercent} of capacity), the
 *       least inference-loaded of them; the others stand behind it in a FAST_FAILOVER group, so the switch itself moves the class
 *       off a failed link. The backup is disjoint from the primary: another
 *       link, to another next switch where there is one.
 *   <li>LEAST_UTILISED: the one least loaded by other classes (its own class's traffic does not
 *       count, or it would push itself off every link it takes), leaving out links whose inference
 *       load is above that threshold while any other remains.
 * </ul>
 * Fewer hops stand in for lower latency: on a fabric of equal links, queueing (which the class's
 * queue keeps short) and hops are what a path's latency is made of.
 */
final class ClassNextHops {
    /** A link must be lighter than the current one by this share of capacity before a class moves. */
    static final double MOVE_MARGIN = 0.1;

    private ClassNextHops() {
    }

    /** The treatment for class {@code c} at {@code sw}, which must not be the tree's destination. */
    static TrafficTreatment at(Topology t, RouteTree tree, DeviceId sw, ClassProfile c, LinkLoad load) {
        return at(t, tree, sw, c, load, Policy.DEFAULT_INFERENCE_HOT_PERCENT, null);
    }

    /**
     * @param hotPercent  the policy's inference-hot threshold, in percent of a link's capacity
     * @param currentPort the port the class leaves by now (null: none); it stays there unless load
     *                    says move, so a class does not go back and forth with every measurement
     */
    static TrafficTreatment at(Topology t, RouteTree tree, DeviceId sw, ClassProfile c, LinkLoad load, int hotPercent,
            Long currentPort) {
        double hot = hotPercent / 100.0;
        Link treeNext = tree.nextHop(sw).orElseThrow(() -> new IllegalArgumentException(sw + " has no route"));
        List<Link> closer = closer(t, tree, sw);
        // The reference a load-aware class compares against: where it goes now, if that still leads closer.
        Link next = closer.stream().filter(l -> currentPort != null && l.src().port() == currentPort).findFirst()
                .orElse(treeNext);
        TrafficTreatment out;
        switch (c.route() == null ? io.sluice.core.policy.RoutePreference.SHORTEST : c.route()) {
            case SPREAD:
                out = closer.size() < 2 ? TrafficTreatment.output(treeNext.src().port())
                        : TrafficTreatment.group(ForwardingGroup.select(ports(closer)));
                break;
            case LOWEST_LATENCY: {
                // The tree's link unless inference makes it hot and another is clearly cooler: inference's
                // own traffic counts here, so a lower bar would move it back and forth.
                Link primary = next.capacityBps() > 0 && load.bps(next, TrafficClass.INFERENCE) > hot * next.capacityBps()
                        ? lightest(closer, next, l -> load.bps(l, TrafficClass.INFERENCE)) : next;
                List<Link> rest = new ArrayList<>(closer);
                rest.remove(primary);
                // Another next switch first: a backup through the same switch shares its fate.
                rest.sort(Comparator.comparing((Link l) -> l.dst().deviceId().equals(primary.dst().deviceId()))
                        .thenComparing(l -> l.src().port()));
                if (rest.isEmpty()) {
                    out = TrafficTreatment.output(primary.src().port());
                } else {
                    List<Long> order = new ArrayList<>();
                    order.add(primary.src().port());
                    order.addAll(ports(rest));
                    out = TrafficTreatment.group(ForwardingGroup.fastFailover(order));
                }
                break;
            }
            case LEAST_UTILISED: {
                List<Link> cool = closer.stream()
                        .filter(l -> l.capacityBps() <= 0 || load.bps(l, TrafficClass.INFERENCE) <= hot * l.capacityBps())
                        .collect(Collectors.toList());
                List<Link> from = cool.isEmpty() ? closer : cool;
                // Load of the other classes only: the class's own traffic would push it off any link it takes.
                out = TrafficTreatment.output(lightest(from, next,
                        l -> Math.max(0, load.totalBps(l) - load.bps(l, c.trafficClass()))).src().port());
                break;
            }
            case SHORTEST:
            default:
                out = TrafficTreatment.output(treeNext.src().port());
        }
        return out.withQueue(c.queue());
    }

    /** Links from {@code sw} that lead one hop closer to the destination, by port. */
    static List<Link> closer(Topology t, RouteTree tree, DeviceId sw) {
        int depth = tree.depth(sw).orElseThrow();
        List<Link> out = new ArrayList<>();
        for (Link l : t.graph().outgoingEdgesOf(sw)) {
            if (tree.depth(l.dst().deviceId()).map(d -> d == depth - 1).orElse(false)) {
                out.add(l);
            }
        }
        out.sort(Comparator.comparingLong(l -> l.src().port()));
        return out;
    }

    /**
     * The link with the least {@code load}; {@code current} (the tree's next hop) keeps it unless
     * another is lighter by {@link #MOVE_MARGIN} of capacity, so measurement noise does not move flows.
     */
    private static Link lightest(List<Link> links, Link current, java.util.function.ToLongFunction<Link> load) {
        Link best = links.contains(current) ? current : links.get(0);
        long bestLoad = load.applyAsLong(best);
        for (Link l : links) {
            long margin = l == best ? 0 : (long) (MOVE_MARGIN * l.capacityBps());
            if (load.applyAsLong(l) + margin < bestLoad) {
                best = l;
                bestLoad = load.applyAsLong(l);
            }
        }
        return best;
    }

    private static List<Long> ports(List<Link> links) {
        return links.stream().map(l -> l.src().port()).distinct().collect(Collectors.toList());
    }
}
