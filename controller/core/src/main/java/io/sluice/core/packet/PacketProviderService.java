package io.sluice.core.packet;

/** What a southbound reports frames its switches sent to the controller to. */
public interface PacketProviderService {
    /**
     * A switch sent {@code packet} to the controller. Called on the southbound's I/O thread; core's
     * handling is quick and never blocks, and a fault in it never reaches the caller.
     */
    void packetReceived(InboundPacket packet);
}
