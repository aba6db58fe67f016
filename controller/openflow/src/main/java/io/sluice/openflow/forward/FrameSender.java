package io.sluice.openflow.forward;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.packet.PacketOuts;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends frames out of edge ports from the controller: one packet-out per switch. */
final class FrameSender {
    private static final Logger log = LoggerFactory.getLogger(FrameSender.class);
    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;

    FrameSender(Function<DeviceId, Optional<OpenFlowSwitch>> switches) {
        this.switches = switches;
    }

    /** False when the port's switch is not connected. */
    boolean sendTo(ConnectPoint port, byte[] frame) {
        return send(port.deviceId(), List.of(port.port()), frame);
    }

    /** Sends out of every listed port; returns how many switches it reached. */
    int sendTo(Map<DeviceId, List<Long>> ports, byte[] frame) {
        int reached = 0;
        for (Map.Entry<DeviceId, List<Long>> e : ports.entrySet()) {
            if (send(e.getKey(), e.getValue(), frame)) {
                reached++;
            }
        }
        return reached;
    }

    private boolean send(DeviceId device, List<Long> ports, byte[] frame) {
        Optional<OpenFlowSwitch> sw = switches.apply(device);
        if (sw.isEmpty()) {
            log.debug("{}: not connected, frame for port(s) {} not sent", device, ports);
            return false;
        }
        sw.get().send(PacketOuts.toPorts(sw.get().factory(), ports, frame));
        return true;
    }
}
