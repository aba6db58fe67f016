package io.sluice.core.topology;

import io.sluice.core.device.Device;
import io.sluice.core.event.Event;
import java.util.Objects;

/** One change to the topology, with the version it produced. */
public final class TopologyEvent implements Event<TopologyEvent.Type, Object> {
    /** What changed. */
    public enum Type {
        SWITCH_ADDED, SWITCH_UPDATED, SWITCH_REMOVED,
        LINK_ADDED, LINK_UPDATED, LINK_REMOVED,
        HOST_ADDED, HOST_MOVED, HOST_UPDATED, HOST_REMOVED
    }

    private final Type type;
    private final long version;
    private final Object subject;

    private TopologyEvent(Type type, long version, Object subject) {
        this.type = Objects.requireNonNull(type, "type");
        this.version = version;
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    public static TopologyEvent of(Type type, long version, Device device) {
        return new TopologyEvent(type, version, device);
    }

    public static TopologyEvent of(Type type, long version, Link link) {
        return new TopologyEvent(type, version, link);
    }

    public static TopologyEvent of(Type type, long version, Host host) {
        return new TopologyEvent(type, version, host);
    }

    @Override
    public Type type() {
        return type;
    }

    /** The device, link or host concerned (as it is after the change; as it was, for removals). */
    @Override
    public Object subject() {
        return subject;
    }

    /** The topology version this change produced. */
    public long version() {
        return version;
    }

    @Override
    public String toString() {
        return type + " " + subject + " (v" + version + ")";
    }
}
