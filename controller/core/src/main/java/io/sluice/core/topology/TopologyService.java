package io.sluice.core.topology;

/** The fabric as one graph: read a consistent snapshot, or listen to its changes. */
public interface TopologyService {
    /** The latest snapshot. Cheap when nothing changed since the last call. */
    Topology currentTopology();

    void addListener(TopologyListener listener);

    void removeListener(TopologyListener listener);
}
