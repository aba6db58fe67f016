package io.sluice.core.device;

import java.util.Collection;
import java.util.Optional;

/** Read side of the switch inventory: the switches connected now, and their changes. */
public interface DeviceService {
    /** Every connected switch, in datapath-id order. */
    Collection<Device> getDevices();

    Optional<Device> getDevice(DeviceId id);

    void addListener(DeviceListener listener);

    void removeListener(DeviceListener listener);
}
