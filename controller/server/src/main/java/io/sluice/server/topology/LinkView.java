package io.sluice.server.topology;

import io.sluice.core.topology.Link;

/** One direction of a link as the REST API shows it. */
public record LinkView(ConnectPointView src, ConnectPointView dst, long capacityBps) {
    static LinkView of(Link l) {
        return new LinkView(ConnectPointView.of(l.src()), ConnectPointView.of(l.dst()), l.capacityBps());
    }
}
