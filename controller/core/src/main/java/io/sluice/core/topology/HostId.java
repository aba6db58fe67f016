package io.sluice.core.topology;

import io.sluice.core.net.MacAddress;
import java.util.Objects;

/** A host's identity: its MAC address within a VLAN. Printed {@code mac} untagged, {@code mac/vlan} tagged. */
public final class HostId implements Comparable<HostId> {
    /** The VLAN number of untagged traffic. */
    public static final int UNTAGGED = 0;

    private final MacAddress mac;
    private final int vlan;

    private HostId(MacAddress mac, int vlan) {
        this.mac = Objects.requireNonNull(mac, "mac");
        if (vlan < 0 || vlan > 4095) {
            throw new IllegalArgumentException("VLAN must be 0 (untagged) to 4095, got " + vlan);
        }
        this.vlan = vlan;
    }

    public static HostId of(MacAddress mac, int vlan) {
        return new HostId(mac, vlan);
    }

    public MacAddress mac() {
        return mac;
    }

    public int vlan() {
        return vlan;
    }

    @Override
    public int compareTo(HostId o) {
        int c = mac.compareTo(o.mac);
        return c != 0 ? c : Integer.compare(vlan, o.vlan);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostId && ((HostId) o).vlan == vlan && ((HostId) o).mac.equals(mac);
    }

    @Override
    public int hashCode() {
        return mac.hashCode() * 31 + vlan;
    }

    @Override
    public String toString() {
        return vlan == UNTAGGED ? mac.toString() : mac + "/" + vlan;
    }
}
