package io.sluice.openflow;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceProviderService;
import io.sluice.openflow.device.DeviceTranslator;
import io.sluice.openflow.session.CloseCause;
import io.sluice.openflow.session.SessionListener;
import io.sluice.openflow.session.SwitchSession;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLongArray;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/**
 * The switches with an active OpenFlow session, by datapath id. Reports them to core's switch
 * inventory (it is the OpenFlow device provider) and hands out {@link OpenFlowSwitch} handles to
 * the rest of the southbound.
 */
public final class OpenFlowController implements SessionListener {
    private final DeviceProviderService devices;
    private final ConcurrentMap<DeviceId, SwitchSession> active = new ConcurrentHashMap<>();
    private final AtomicLongArray closes = new AtomicLongArray(CloseCause.values().length);

    public OpenFlowController(DeviceProviderService devices) {
        this.devices = devices;
    }

    public Optional<OpenFlowSwitch> getSwitch(DeviceId id) {
        return Optional.ofNullable(active.get(id));
    }

    public Collection<OpenFlowSwitch> getSwitches() {
        return Collections.unmodifiableCollection(new ArrayList<>(active.values()));
    }

    /** How many connections ended, by cause, since start. */
    public Map<CloseCause, Long> closedConnections() {
        Map<CloseCause, Long> out = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
            out.put(c, closes.get(c.ordinal()));
        }
        return out;
    }

    @Override
    public void sessionActivated(SwitchSession session) {
        SwitchSession existing = active.putIfAbsent(session.id(), session);
        if (existing != null) {
            session.close(CloseCause.DUPLICATE_DATAPATH, "datapath id already connected from "
                    + existing.remoteAddress() + "; this connection is refused");
            return;
        }
        devices.deviceConnected(DeviceTranslator.toDevice(session));
    }

    @Override
    public void portChanged(SwitchSession session, OFPortReason reason, OFPortDesc port) {
        if (active.get(session.id()) != session) {
            return;
        }
        if (reason == OFPortReason.DELETE) {
            devices.portRemoved(session.id(), DeviceTranslator.portNumber(port));
        } else {
            devices.portUpdated(session.id(), DeviceTranslator.toPort(port));
        }
    }

    @Override
    public void messageReceived(SwitchSession session, OFMessage message) {
        // Packet-in handling arrives with discovery and forwarding.
    }

    @Override
    public void sessionClosed(SwitchSession session, boolean wasActive, CloseCause cause, String detail) {
        closes.incrementAndGet(cause.ordinal());
        if (wasActive && active.remove(session.id(), session)) {
            devices.deviceDisconnected(session.id());
        }
    }
}
