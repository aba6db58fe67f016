package io.sluice.core.device.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceProviderService;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.Port;
import io.sluice.core.event.ListenerRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switch inventory. Holds one immutable {@link Device} per connected switch and turns provider
 * reports into events.
 *
 * <p>Each switch's reports come from one thread (its session), so per-switch event order is the
 * order of the reports; events about different switches may interleave.
 */
public final class DeviceManager implements DeviceService, DeviceProviderService {
    private static final Logger log = LoggerFactory.getLogger(DeviceManager.class);

    private final ConcurrentMap<DeviceId, Device> devices = new ConcurrentHashMap<>();
    private final ListenerRegistry<DeviceEvent, DeviceListener> listeners = new ListenerRegistry<>();

    @Override
    public Collection<Device> getDevices() {
        List<Device> sorted = new ArrayList<>(devices.values());
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        return Collections.unmodifiableList(sorted);
    }

    @Override
    public Optional<Device> getDevice(DeviceId id) {
        return Optional.ofNullable(devices.get(id));
    }

    @Override
    public void addListener(DeviceListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(DeviceListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void deviceConnected(Device device) {
        Device previous = devices.put(device.id(), device);
        if (previous != null) {
            // A reconnect is a new session: whatever was learned over the old one is stale.
            listeners.post(DeviceEvent.deviceEvent(DeviceEvent.Type.DEVICE_REMOVED, previous));
        }
        listeners.post(DeviceEvent.deviceEvent(DeviceEvent.Type.DEVICE_ADDED, device));
    }

    @Override
    public void deviceDisconnected(DeviceId id) {
        Device previous = devices.remove(id);
        if (previous != null) {
            listeners.post(DeviceEvent.deviceEvent(DeviceEvent.Type.DEVICE_REMOVED, previous));
        }
    }

    @Override
    public void portUpdated(DeviceId id, Port port) {
        Device before = devices.get(id);
        if (before == null) {
            log.warn("switch {}: port update for {} ignored, switch not connected", id, port);
            return;
        }
        Optional<Port> old = before.port(port.number());
        if (old.isPresent() && old.get().equals(port)) {
            return;
        }
        Device after = before.withPort(port);
        if (devices.replace(id, before, after)) {
            DeviceEvent.Type type = old.isPresent() ? DeviceEvent.Type.PORT_UPDATED : DeviceEvent.Type.PORT_ADDED;
            listeners.post(DeviceEvent.portEvent(type, after, port));
        } else {
            log.warn("switch {}: port update for {} lost a race with a reconnect; ignored", id, port);
        }
    }

    @Override
    public void portRemoved(DeviceId id, long portNumber) {
        Device before = devices.get(id);
        if (before == null) {
            return;
        }
        Optional<Port> old = before.port(portNumber);
        if (old.isEmpty()) {
            return;
        }
        Device after = before.withoutPort(portNumber);
        if (devices.replace(id, before, after)) {
            listeners.post(DeviceEvent.portEvent(DeviceEvent.Type.PORT_REMOVED, after, old.get()));
        }
    }
}
