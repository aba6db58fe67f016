package io.sluice.core.device;

import io.sluice.core.net.MacAddress;
import java.util.Objects;

/**
 * One port of a switch as the switch last described it. Immutable.
 *
 * <p>Speeds are in kbit/s, the unit OpenFlow reports them in, so nothing is lost in translation.
 */
public final class Port {
    /**
     * The highest number a port that leads somewhere can have. Numbers above it (and 0) name
     * reserved ports a target uses for itself (its controller, its tables, flooding), never a cable:
     * southbounds map their reserved numbers into that range, so core tells them apart in one place.
     */
    public static final long MAX_PHYSICAL_NUMBER = 0xFFFF_FF00L;

    private final long number;
    private final String name;
    private final MacAddress hwAddress;
    private final boolean adminUp;
    private final boolean linkUp;
    private final long currentSpeedKbps;
    private final long maxSpeedKbps;

    private Port(Builder b) {
        this.number = b.number;
        this.name = Objects.requireNonNull(b.name, "name");
        this.hwAddress = Objects.requireNonNull(b.hwAddress, "hwAddress");
        this.adminUp = b.adminUp;
        this.linkUp = b.linkUp;
        this.currentSpeedKbps = b.currentSpeedKbps;
        this.maxSpeedKbps = b.maxSpeedKbps;
    }

    public static Builder builder(long number) {
        return new Builder(number);
    }

    /** Port number as the switch numbers it (OpenFlow: a 32-bit unsigned value). */
    public long number() {
        return number;
    }

    public String name() {
        return name;
    }

    public MacAddress hwAddress() {
        return hwAddress;
    }

    /** False when an operator has administratively disabled the port. */
    public boolean adminUp() {
        return adminUp;
    }

    /** False when the switch sees no link on the port. */
    public boolean linkUp() {
        return linkUp;
    }

    /** Whether {@code number} can be a physical port's: 1 to {@link #MAX_PHYSICAL_NUMBER}. */
    public static boolean isPhysicalNumber(long number) {
        return number >= 1 && number <= MAX_PHYSICAL_NUMBER;
    }

    /** Whether this is a port a cable can plug into, not a reserved one (see {@link #MAX_PHYSICAL_NUMBER}). */
    public boolean isPhysical() {
        return isPhysicalNumber(number);
    }

    /** Whether the port can carry traffic now: administratively up and with link. */
    public boolean isUp() {
        return adminUp && linkUp;
    }

    public long currentSpeedKbps() {
        return currentSpeedKbps;
    }

    public long maxSpeedKbps() {
        return maxSpeedKbps;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Port)) {
            return false;
        }
        Port p = (Port) o;
        return number == p.number && adminUp == p.adminUp && linkUp == p.linkUp
                && currentSpeedKbps == p.currentSpeedKbps && maxSpeedKbps == p.maxSpeedKbps
                && name.equals(p.name) && hwAddress.equals(p.hwAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(number, name, hwAddress, adminUp, linkUp, currentSpeedKbps, maxSpeedKbps);
    }

    @Override
    public String toString() {
        return "port " + number + " (" + name + ", " + (isUp() ? "up" : adminUp ? "link down" : "admin down") + ")";
    }

    /** Collects a port's attributes; every field but the number has a neutral default. */
    public static final class Builder {
        private final long number;
        private String name = "";
        private MacAddress hwAddress = MacAddress.of(0);
        private boolean adminUp = true;
        private boolean linkUp = true;
        private long currentSpeedKbps;
        private long maxSpeedKbps;

        private Builder(long number) {
            this.number = number;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder hwAddress(MacAddress hwAddress) {
            this.hwAddress = hwAddress;
            return this;
        }

        public Builder adminUp(boolean adminUp) {
            this.adminUp = adminUp;
            return this;
        }

        public Builder linkUp(boolean linkUp) {
            this.linkUp = linkUp;
            return this;
        }

        public Builder currentSpeedKbps(long kbps) {
            this.currentSpeedKbps = kbps;
            return this;
        }

        public Builder maxSpeedKbps(long kbps) {
            this.maxSpeedKbps = kbps;
            return this;
        }

        public Port build() {
            return new Port(this);
        }
    }
}
