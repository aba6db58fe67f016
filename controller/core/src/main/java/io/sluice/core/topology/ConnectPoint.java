package io.sluice.core.topology;

import io.sluice.core.device.DeviceId;
import java.util.Objects;

/** A port of a switch: where a link ends or a host attaches. Printed {@code <dpid>/<port>}. */
public final class ConnectPoint implements Comparable<ConnectPoint> {
    private final DeviceId deviceId;
    private final long port;

    private ConnectPoint(DeviceId deviceId, long port) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.port = port;
    }

    public static ConnectPoint of(DeviceId deviceId, long port) {
        return new ConnectPoint(deviceId, port);
    }

    /** Parses {@code <dpid>/<port>}, the dpid in any form {@link DeviceId#parse} takes. */
    public static ConnectPoint parse(String text) {
        int slash = text.lastIndexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a switch port (want <device>/<port>, "
                    + "e.g. of:0000000000000001/3 or 00:00:00:00:00:00:00:01/3): '"
                    + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'");
        }
        String number = text.substring(slash + 1).trim();
        if (!number.matches("[0-9]{1,10}") || Long.parseLong(number) > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("not a port number (want 0-4294967295): '" + number + "' in '" + text + "'");
        }
        return new ConnectPoint(DeviceId.parse(text.substring(0, slash)), Long.parseLong(number));
    }

    public DeviceId deviceId() {
        return deviceId;
    }

    public long port() {
        return port;
    }

    @Override
    public int compareTo(ConnectPoint o) {
        int c = deviceId.compareTo(o.deviceId);
        return c != 0 ? c : Long.compare(port, o.port);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConnectPoint)) {
            return false;
        }
        ConnectPoint c = (ConnectPoint) o;
        return port == c.port && deviceId.equals(c.deviceId);
    }

    @Override
    public int hashCode() {
        return deviceId.hashCode() * 31 + Long.hashCode(port);
    }

    @Override
    public String toString() {
        return deviceId + "/" + port;
    }
}
