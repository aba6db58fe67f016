package io.sluice.openflow;

import io.sluice.core.topology.ConnectPoint;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;

/**
 * Receives packet-ins as a frame and the port it entered the fabric at; other messages pass by.
 * Called on the switch's I/O thread: must be quick and must not block.
 */
public interface PacketInListener extends OpenFlowMessageListener {
    /** {@code frame} is the whole Ethernet frame (the base pipeline asks for unbuffered packet-ins). */
    void packetIn(ConnectPoint ingress, byte[] frame);

    @Override
    default void messageReceived(OpenFlowSwitch sw, OFMessage message) {
        if (message instanceof OFPacketIn) {
            OFPacketIn pi = (OFPacketIn) message;
            long port = pi.getMatch().get(MatchField.IN_PORT).getPortNumber() & 0xFFFF_FFFFL;
            packetIn(ConnectPoint.of(sw.id(), port), pi.getData());
        }
    }
}
