package io.sluice.core.device;

import io.sluice.core.event.Event;
import java.util.Objects;
import java.util.Optional;

/** A switch came or went, or one of its ports changed. Carries the device as it is after the change. */
public final class DeviceEvent implements Event<DeviceEvent.Type, Device> {
    /** What changed. */
    public enum Type {
        DEVICE_ADDED,
        DEVICE_REMOVED,
        PORT_ADDED,
        PORT_UPDATED,
        PORT_REMOVED
    }

    private final Type type;
    private final Device device;
    private final Port port;

    private DeviceEvent(Type type, Device device, Port port) {
        this.type = Objects.requireNonNull(type, "type");
        this.device = Objects.requireNonNull(device, "device");
        this.port = port;
    }

    public static DeviceEvent deviceEvent(Type type, Device device) {
        return new DeviceEvent(type, device, null);
    }

    public static DeviceEvent portEvent(Type type, Device device, Port port) {
        return new DeviceEvent(type, device, Objects.requireNonNull(port, "port"));
    }

    @Override
    public Type type() {
        return type;
    }

    @Override
    public Device subject() {
        return device;
    }

    /** The port concerned, for port events (for PORT_REMOVED, the port as it was). */
    public Optional<Port> port() {
        return Optional.ofNullable(port);
    }

    @Override
    public String toString() {
        return type + " " + device.id() + (port == null ? "" : " " + port);
    }
}
