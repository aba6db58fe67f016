package io.sluice.openflow;

import io.sluice.core.device.DeviceId;
import org.projectfloodlight.openflow.types.DatapathId;

/**
 * OpenFlow's datapath ids in core's terms: the switch with datapath id {@code d} is the device
 * {@code of:} followed by {@code d} in 16 hex digits. The one place that knows it.
 */
public final class Dpid {
    private static final String SCHEME = "of";

    private Dpid() {
    }

    /** The device of datapath id {@code dpid} (all 64 bits, unsigned). */
    public static DeviceId deviceId(long dpid) {
        return DeviceId.of(String.format("of:%016x", dpid));
    }

    /** The device of an openflowj datapath id. */
    public static DeviceId deviceId(DatapathId dpid) {
        return deviceId(dpid.getLong());
    }

    /** The datapath id of an OpenFlow device. */
    public static long dpid(DeviceId device) {
        if (!SCHEME.equals(device.scheme())) {
            throw new IllegalArgumentException("not an OpenFlow switch: " + device);
        }
        return Long.parseUnsignedLong(device.uri().substring(3), 16);
    }
}
