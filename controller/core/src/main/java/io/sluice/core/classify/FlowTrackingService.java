package io.sluice.core.classify;

import io.sluice.core.flow.FlowRule;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The flows the controller classifies itself, each with its class, reason and counters. */
public interface FlowTrackingService {
    /** Every flow tracked now, oldest first. */
    List<TrackedFlow> flows();

    Optional<TrackedFlow> flow(long id);

    /** Flows tracked now. */
    int size();

    /** The edge rule of flow {@code id} as core holds it now, if it is installed. */
    Optional<FlowRule> edgeRule(long id);

    /**
     * Classifies a new flow and installs its exact rule at its ingress; completes once the switch
     * confirmed it (at once, if it already has). Fails when the switch refuses the rule or the
     * tracker is full.
     */
    CompletableFuture<Void> admit(FlowKey packet);
}
