package io.sluice.server.topology;

import io.sluice.core.topology.Host;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A host as the REST API shows it. */
public record HostView(String id, String mac, int vlan, List<String> ips, ConnectPointView location, String lastSeen) {
    public static HostView of(Host h, Optional<Instant> lastSeen) {
        return new HostView(h.id().toString(), h.id().mac().toString(), h.id().vlan(),
                h.ips().stream().map(Object::toString).toList(), ConnectPointView.of(h.location()),
                lastSeen.map(Instant::toString).orElse(null));
    }
}
