package io.sluice.core.device;

/**
 * Write side of the switch inventory, for southbound providers: they report what the switches
 * say, in protocol-neutral terms, and the inventory turns it into events.
 */
public interface DeviceProviderService {
    /** A switch finished its handshake; replaces any earlier record of the same id. */
    void deviceConnected(Device device);

    /** The switch's session ended. Unknown ids are ignored. */
    void deviceDisconnected(DeviceId id);

    /** A port appeared or changed (state, speed, name). */
    void portUpdated(DeviceId id, Port port);

    /** A port was removed from the switch. */
    void portRemoved(DeviceId id, long portNumber);
}
