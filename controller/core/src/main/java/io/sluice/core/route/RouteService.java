package io.sluice.core.route;

import io.sluice.core.topology.HostId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Host-to-host forwarding across the fabric: where traffic goes now, and when a route is in place. */
public interface RouteService {
    /**
     * The path traffic from {@code src} to {@code dst} takes with the routes installed now.
     *
     * @throws IllegalArgumentException if either host is unknown
     */
    PathResult path(HostId src, HostId dst);

    /**
     * Completes once every switch that can reach {@code host} has confirmed its route to the host's
     * current location: a packet sent toward it after that is forwarded by the switches alone. An
     * unknown host's future completes once the host is learnt and routed. Callers bound the wait.
     */
    CompletableFuture<Void> whenRouted(HostId host);

    /** The last routing run, if there was one. */
    Optional<RoutingRun> lastRun();

    /** The most recent routing runs, oldest first (a bounded number). */
    List<RoutingRun> recentRuns();
}
