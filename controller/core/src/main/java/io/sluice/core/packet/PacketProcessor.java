package io.sluice.core.packet;

/**
 * One part of core that takes frames of one kind (link discovery, host learning, ARP, flow
 * admission, unrouted frames). The packet service decides which processor a frame goes to;
 * processors never filter for each other. Called on a southbound's I/O thread: quick, never blocking.
 */
@FunctionalInterface
public interface PacketProcessor {
    void process(InboundPacket packet);
}
