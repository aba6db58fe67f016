package io.sluice.core.device;

import io.sluice.core.net.HexOctets;
import java.util.Locale;

/**
 * Identity of a switch: its 64-bit datapath id. Printed as eight colon-separated octets
 * ({@code 00:00:00:00:00:00:00:01}), the form OpenFlow tools and logs use.
 */
public final class DeviceId implements Comparable<DeviceId> {
    private final long dpid;

    private DeviceId(long dpid) {
        this.dpid = dpid;
    }

    public static DeviceId of(long dpid) {
        return new DeviceId(dpid);
    }

    /**
     * Parses what people paste: {@code 00:00:00:00:00:00:00:01}, {@code 0000000000000001},
     * {@code of:0000000000000001} (ONOS) or {@code dpid:0000000000000001} (ovs-ofctl).
     */
    public static DeviceId parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("of:")) {
            s = s.substring(3);
        } else if (s.startsWith("dpid:")) {
            s = s.substring(5);
        }
        String hex = s.replace(":", "");
        boolean colonForm = s.contains(":");
        if (hex.isEmpty() || hex.length() > 16 || (colonForm && !s.matches("([0-9a-f]{2}:){7}[0-9a-f]{2}"))
                || !hex.matches("[0-9a-f]+")) {
            throw new IllegalArgumentException(
                    "not a datapath id (want 16 hex digits, optionally colon-separated, e.g. 00:00:00:00:00:00:00:01): '"
                            + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
        return new DeviceId(Long.parseUnsignedLong(hex, 16));
    }

    public long dpid() {
        return dpid;
    }

    @Override
    public int compareTo(DeviceId other) {
        return Long.compareUnsigned(dpid, other.dpid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceId && ((DeviceId) o).dpid == dpid;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(dpid);
    }

    @Override
    public String toString() {
        return HexOctets.format(dpid, 8);
    }
}
