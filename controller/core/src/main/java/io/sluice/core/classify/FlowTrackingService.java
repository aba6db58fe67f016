package io.sluice.core.classify;

import java.util.List;
import java.util.Optional;

/** The flows the controller classifies itself, each with its class, reason and counters. */
public interface FlowTrackingService {
    /** Every flow tracked now, oldest first. */
    List<TrackedFlow> flows();

    Optional<TrackedFlow> flow(long id);
}
