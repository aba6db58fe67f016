package io.sluice.openflow;

import org.projectfloodlight.openflow.protocol.OFMessage;

/**
 * Receives asynchronous messages (PACKET_IN, FLOW_REMOVED, ...) from active switches. Called on
 * the switch's I/O thread: must be quick and must not block.
 */
@FunctionalInterface
public interface OpenFlowMessageListener {
    void messageReceived(OpenFlowSwitch sw, OFMessage message);
}
