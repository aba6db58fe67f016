package io.sluice.core.device;

import io.sluice.core.event.EventListener;

/** Told about switches coming, going and changing ports. */
public interface DeviceListener extends EventListener<DeviceEvent> {
}
