package io.sluice.core.device;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A connected switch and its ports, as one immutable snapshot. Changes produce new snapshots
 * ({@link #withPort}, {@link #withoutPort}), so a reader never sees a half-updated switch.
 */
public final class Device {
    private final DeviceId id;
    private final String protocol;
    private final String remoteAddress;
    private final Instant connectedSince;
    private final int tableCount;
    private final DeviceDescription description;
    private final SortedMap<Long, Port> ports;

    private Device(Builder b, SortedMap<Long, Port> ports) {
        this.id = b.id;
        this.protocol = Objects.requireNonNull(b.protocol, "protocol");
        this.remoteAddress = Objects.requireNonNull(b.remoteAddress, "remoteAddress");
        this.connectedSince = Objects.requireNonNull(b.connectedSince, "connectedSince");
        this.tableCount = b.tableCount;
        this.description = Objects.requireNonNull(b.description, "description");
        this.ports = Collections.unmodifiableSortedMap(ports);
    }

    public static Builder builder(DeviceId id) {
        return new Builder(Objects.requireNonNull(id, "id"));
    }

    public DeviceId id() {
        return id;
    }

    /** The control protocol and version the session negotiated, e.g. {@code OpenFlow 1.3}. */
    public String protocol() {
        return protocol;
    }

    /** Where the switch's control connection comes from ({@code host:port}). */
    public String remoteAddress() {
        return remoteAddress;
    }

    public Instant connectedSince() {
        return connectedSince;
    }

    /** Number of flow tables the switch reports. */
    public int tableCount() {
        return tableCount;
    }

    public DeviceDescription description() {
        return description;
    }

    /** Ports in port-number order. */
    public Collection<Port> ports() {
        return ports.values();
    }

    public Optional<Port> port(long number) {
        return Optional.ofNullable(ports.get(number));
    }

    /** This device with {@code port} added, or replacing the port with the same number. */
    public Device withPort(Port port) {
        SortedMap<Long, Port> copy = new TreeMap<>(ports);
        copy.put(port.number(), port);
        return new Device(toBuilder(), copy);
    }

    /** This device without port {@code number} (unchanged if it has no such port). */
    public Device withoutPort(long number) {
        SortedMap<Long, Port> copy = new TreeMap<>(ports);
        copy.remove(number);
        return new Device(toBuilder(), copy);
    }

    private Builder toBuilder() {
        return builder(id).protocol(protocol).remoteAddress(remoteAddress).connectedSince(connectedSince)
                .tableCount(tableCount).description(description);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Device)) {
            return false;
        }
        Device d = (Device) o;
        return id.equals(d.id) && protocol.equals(d.protocol) && remoteAddress.equals(d.remoteAddress)
                && connectedSince.equals(d.connectedSince) && tableCount == d.tableCount
                && description.equals(d.description) && ports.equals(d.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, protocol, remoteAddress, connectedSince, tableCount, description, ports);
    }

    @Override
    public String toString() {
        return "switch " + id + " (" + protocol + ", " + ports.size() + " ports, from " + remoteAddress + ")";
    }

    /** Collects a device's attributes. */
    public static final class Builder {
        private final DeviceId id;
        private String protocol = "";
        private String remoteAddress = "";
        private Instant connectedSince = Instant.EPOCH;
        private int tableCount;
        private DeviceDescription description = DeviceDescription.UNKNOWN;
        private final SortedMap<Long, Port> ports = new TreeMap<>();

        private Builder(DeviceId id) {
            this.id = id;
        }

        public Builder protocol(String protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder remoteAddress(String remoteAddress) {
            this.remoteAddress = remoteAddress;
            return this;
        }

        public Builder connectedSince(Instant connectedSince) {
            this.connectedSince = connectedSince;
            return this;
        }

        public Builder tableCount(int tableCount) {
            this.tableCount = tableCount;
            return this;
        }

        public Builder description(DeviceDescription description) {
            this.description = description;
            return this;
        }

        public Builder port(Port port) {
            ports.put(port.number(), port);
            return this;
        }

        public Builder ports(Collection<Port> ports) {
            ports.forEach(this::port);
            return this;
        }

        public Device build() {
            return new Device(this, new TreeMap<>(ports));
        }
    }
}
