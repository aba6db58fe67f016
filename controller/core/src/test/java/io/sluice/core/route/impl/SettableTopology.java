package io.sluice.core.route.impl;

import io.sluice.core.event.ListenerRegistry;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import io.sluice.core.topology.TopologyListener;
import io.sluice.core.topology.TopologyService;
import java.time.Instant;
import java.util.Optional;

/** A topology service whose picture a test sets directly, announcing each change with an event. */
final class SettableTopology implements TopologyService {
    private final ListenerRegistry<TopologyEvent, TopologyListener> listeners = new ListenerRegistry<>();
    private volatile Topology current;

    SettableTopology(Topology initial) {
        this.current = initial;
    }

    void set(Topology next, TopologyEvent because) {
        current = next;
        listeners.post(because);
    }

    @Override
    public Topology currentTopology() {
        return current;
    }

    @Override
    public Optional<Instant> lastSeen(HostId host) {
        return Optional.empty();
    }

    @Override
    public void addListener(TopologyListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(TopologyListener listener) {
        listeners.remove(listener);
    }
}
