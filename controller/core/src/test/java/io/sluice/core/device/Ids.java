package io.sluice.core.device;

/** Device ids for core's tests: the OpenFlow device of a number, as the OpenFlow module would name it. */
public final class Ids {
    private Ids() {
    }

    public static DeviceId of(long dpid) {
        return DeviceId.of(String.format("of:%016x", dpid));
    }
}
