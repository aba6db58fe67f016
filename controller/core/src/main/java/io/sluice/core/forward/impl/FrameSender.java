package io.sluice.core.forward.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketService;
import io.sluice.core.topology.ConnectPoint;
import java.util.List;
import java.util.Map;

/** Sends frames out of edge ports from the controller: one outbound packet per switch. */
final class FrameSender {
    private final PacketService packets;

    FrameSender(PacketService packets) {
        this.packets = packets;
    }

    /** False when the port's switch is not connected. */
    boolean sendTo(ConnectPoint port, byte[] frame) {
        return packets.emit(OutboundPacket.toPort(port, frame));
    }

    /** Sends out of every listed port; returns how many switches it reached. */
    int sendTo(Map<DeviceId, List<Long>> ports, byte[] frame) {
        int reached = 0;
        for (Map.Entry<DeviceId, List<Long>> e : ports.entrySet()) {
            if (!e.getValue().isEmpty() && packets.emit(OutboundPacket.toPorts(e.getKey(), e.getValue(), frame))) {
                reached++;
            }
        }
        return reached;
    }
}
