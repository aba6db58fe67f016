package io.sluice.core.packet;

import java.util.Map;

/**
 * Core's packet layer: frames in from every southbound, dispatched to the one part of core each
 * kind of frame is for; frames out to whichever southbound holds the switch.
 */
public interface PacketService {
    /** Sends a frame through its switch's southbound; false when that switch is not connected. */
    boolean emit(OutboundPacket packet);

    /** Frames received since start, in all and by where they were dispatched (stable order). */
    Map<String, Long> counters();
}
