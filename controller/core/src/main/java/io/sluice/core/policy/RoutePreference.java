package io.sluice.core.policy;

/** What a class's routes optimise for (the class-aware planner reads it). */
public enum RoutePreference {
    /** Fewest hops. */
    SHORTEST,
    /** Lowest latency, then least loaded, with a precomputed disjoint backup. */
    LOWEST_LATENCY,
    /** Spread over every equal-cost path. */
    SPREAD,
    /** The least utilised path, away from links hot with latency-bound traffic. */
    LEAST_UTILISED
}
