package io.sluice.server.switches;

import io.sluice.core.device.Port;

/** A port as the REST API shows it. */
public record PortView(long number, String name, String hwAddress, boolean adminUp, boolean linkUp,
        long currentSpeedKbps, long maxSpeedKbps) {

    static PortView of(Port p) {
        return new PortView(p.number(), p.name(), p.hwAddress().toString(), p.adminUp(), p.linkUp(),
                p.currentSpeedKbps(), p.maxSpeedKbps());
    }
}
