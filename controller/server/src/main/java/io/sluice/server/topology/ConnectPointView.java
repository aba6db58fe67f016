package io.sluice.server.topology;

import io.sluice.core.topology.ConnectPoint;

/** A switch port as the REST API shows it. */
public record ConnectPointView(String device, long port) {
    public static ConnectPointView of(ConnectPoint cp) {
        return new ConnectPointView(cp.deviceId().toString(), cp.port());
    }
}
