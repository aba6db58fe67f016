package io.sluice.core.topology;

import java.time.Instant;
import java.util.Optional;

/** The fabric as one graph: read a consistent snapshot, or listen to its changes. */
public interface TopologyService {
    /** The latest snapshot. Cheap when nothing changed since the last call. */
    Topology currentTopology();

    /** When a frame from this host last reached the controller; empty for an unknown host. */
    Optional<Instant> lastSeen(HostId host);

    void addListener(TopologyListener listener);

    void removeListener(TopologyListener listener);
}
