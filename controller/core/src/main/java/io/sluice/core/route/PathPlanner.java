package io.sluice.core.route;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.Topology;

/**
 * Decides how the fabric forwards toward a switch. The one seam between routing and its strategy:
 * hop count today ({@link io.sluice.core.route.impl.HopCountPlanner}); the class-aware planner
 * replaces it here.
 */
public interface PathPlanner {
    /**
     * Plans routes from every switch that can reach {@code destination}.
     *
     * @param previous the routes in use now (an {@link RouteTree#empty} tree if none). A planner
     *     should keep a switch's next hop when it is still as good as any, so that a change to the
     *     fabric moves only the routes it has to, and a link coming back disturbs nothing.
     */
    RouteTree plan(Topology topology, DeviceId destination, RouteTree previous);
}
