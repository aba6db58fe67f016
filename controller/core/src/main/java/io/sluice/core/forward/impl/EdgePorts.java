package io.sluice.core.forward.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ports that face hosts: up, physical, and not an end of any link. Flooding only to these is what
 * keeps broadcasts off the fabric's loops.
 */
final class EdgePorts {

    private EdgePorts() {
    }

    /** Every edge port in the fabric but {@code except}, by switch. */
    static Map<DeviceId, List<Long>> allBut(Topology topology, ConnectPoint except) {
        Map<DeviceId, List<Long>> out = new TreeMap<>();
        for (Device d : topology.devices()) {
            for (Port p : d.ports()) {
                ConnectPoint cp = ConnectPoint.of(d.id(), p.number());
                if (p.isUp() && p.isPhysical() && !topology.isInfrastructure(cp) && !cp.equals(except)) {
                    out.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(p.number());
                }
            }
        }
        return out;
    }
}
