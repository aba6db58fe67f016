package io.sluice.core.packet;

/**
 * A southbound's side of the packet layer: puts frames on its switches as core asks. Frames from
 * its switches go the other way, to {@link PacketProviderService#packetReceived}.
 */
public interface PacketProvider {
    /**
     * Hands {@code packet} to its switch, without waiting for anything. False when the switch is not
     * connected through this provider (the frame is dropped).
     */
    boolean emit(OutboundPacket packet);
}
