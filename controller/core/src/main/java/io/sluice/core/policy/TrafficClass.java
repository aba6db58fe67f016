package io.sluice.core.policy;

/**
 * The classes every flow falls into. Policy sets their numbers (DSCP, queue, shares), never their
 * names: the rest of the system (queues, route preferences, the lab) is built around these five.
 */
public enum TrafficClass {
    /** Network control (routing, discovery, congestion notifications): small, must always pass. */
    CONTROL,
    /** Latency-bound request/response: model serving. */
    INFERENCE,
    /** Bulk GPU traffic: collectives, checkpoints. Wants bandwidth, tolerates queueing. */
    TRAINING,
    /** Everything not otherwise known. */
    BEST_EFFORT,
    /** Backups and cold storage: a scavenger that must still make progress. */
    ARCHIVAL
}
