package io.sluice.core.policy;

import io.sluice.core.device.Port;
import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import java.util.List;
import java.util.Objects;

/**
 * Edge ports where the DSCP a host marks is believed (RoCEv2 NICs mark their own traffic, for
 * instance). Each entry is {@code *} (every edge port), {@code <dpid>/*} (every port of a switch)
 * or {@code <dpid>/<port>}. Immutable.
 */
public final class DscpTrust {
    /** Trust no host's marking. */
    public static final DscpTrust NONE = new DscpTrust(List.of());

    private final List<String> ports;

    private DscpTrust(List<String> ports) {
        this.ports = List.copyOf(ports);
    }

    public static DscpTrust of(List<String> ports) {
        return new DscpTrust(ports);
    }

    /** The entries as written. */
    public List<String> ports() {
        return ports;
    }

    /** Whether frames entering at {@code port} keep the DSCP they carry. Unreadable entries never match. */
    public boolean trusts(ConnectPoint port) {
        if (port == null) {
            return false;
        }
        for (String p : ports) {
            if (p.equals("*")) {
                return true;
            }
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                continue;
            }
            try {
                if (!DeviceId.parse(p.substring(0, slash)).equals(port.deviceId())) {
                    continue;
                }
            } catch (IllegalArgumentException e) {
                continue;
            }
            String number = p.substring(slash + 1);
            if (number.equals("*") || number.equals(Long.toString(port.port()))) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code entry} cannot be read, or null if it can. */
    public static String problem(String entry) {
        if (entry.equals("*")) {
            return null;
        }
        int slash = entry.lastIndexOf('/');
        if (slash <= 0) {
            return "want *, <dpid>/* or <dpid>/<port>, got '" + entry + "'";
        }
        try {
            DeviceId.parse(entry.substring(0, slash));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String number = entry.substring(slash + 1);
        return number.equals("*") || (number.matches("[1-9][0-9]{0,9}") && Port.isPhysicalNumber(Long.parseLong(number)))
                ? null : "port must be * or a port number (1-4294967040), got '" + number + "'";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DscpTrust && ((DscpTrust) o).ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ports);
    }

    @Override
    public String toString() {
        return ports.toString();
    }
}
