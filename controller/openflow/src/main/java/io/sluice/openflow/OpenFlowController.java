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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switches with an OpenFlow session, by datapath id. Admits one session per datapath id,
 * reports active ones to core's switch inventory (it is the OpenFlow device provider) and hands
 * out {@link OpenFlowSwitch} handles to the rest of the southbound.
 */
public final class OpenFlowController implements SessionListener {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowController.class);
    /** Core's inventory; set before the first switch can connect. */
    private volatile DeviceProviderService devices;
    /** Sessions by datapath id, from identification (FEATURES_REPLY) until they close. */
    private final ConcurrentMap<DeviceId, SwitchSession> sessions = new ConcurrentHashMap<>();
    /** Orders inventory reports of connects and disconnects across session threads. */
    private final Object inventoryLock = new Object();
    private final AtomicLongArray closes = new AtomicLongArray(CloseCause.values().length);
    private final List<OpenFlowMessageListener> messageListeners = new CopyOnWriteArrayList<>();
    private final LongAdder packetIns = new LongAdder();

    public OpenFlowController(DeviceProviderService devices) {
        this.devices = devices;
    }

    /** A controller that reports to core once {@link #reportTo} has named core's inventory. */
    public OpenFlowController() {
        this(null);
    }

    /** Where active switches are reported from now on. Call before the server takes switches. */
    public void reportTo(DeviceProviderService devices) {
        this.devices = devices;
    }

    /** The switch with this datapath id, if its session is active. */
    public Optional<OpenFlowSwitch> getSwitch(DeviceId id) {
        return Optional.ofNullable(sessions.get(id)).filter(SwitchSession::isConnected).map(s -> s);
    }

    /** Every switch with an active session. */
    public Collection<OpenFlowSwitch> getSwitches() {
        List<OpenFlowSwitch> out = new ArrayList<>();
        sessions.values().stream().filter(SwitchSession::isConnected).forEach(out::add);
        return Collections.unmodifiableList(out);
    }

    /** How many connections ended, by cause, since start. */
    public Map<CloseCause, Long> closedConnections() {
        Map<CloseCause, Long> out = new EnumMap<>(CloseCause.class);
        for (CloseCause c : CloseCause.values()) {
            out.put(c, closes.get(c.ordinal()));
        }
        return out;
    }

    /** Reserves the datapath id for this session, or refuses the session if another holds it. */
    @Override
    public void sessionIdentified(SwitchSession session) {
        SwitchSession holder = sessions.putIfAbsent(session.id(), session);
        if (holder != null) {
            session.close(CloseCause.DUPLICATE_DATAPATH, "datapath id already connected from "
                    + holder.remoteAddress() + "; this connection is refused");
        }
    }

    @Override
    public void sessionActivated(SwitchSession session) {
        synchronized (inventoryLock) {
            if (sessions.get(session.id()) == session) {
                devices.deviceConnected(DeviceTranslator.toDevice(session));
            }
        }
    }

    @Override
    public void portChanged(SwitchSession session, OFPortReason reason, OFPortDesc port) {
        if (sessions.get(session.id()) != session) {
            return;
        }
        if (reason == OFPortReason.DELETE) {
            devices.portRemoved(session.id(), DeviceTranslator.portNumber(port));
        } else {
            devices.portUpdated(session.id(), DeviceTranslator.toPort(port));
        }
    }

    /** Adds a receiver of asynchronous messages (packet-ins) from every active switch. */
    public void addMessageListener(OpenFlowMessageListener listener) {
        messageListeners.add(listener);
    }

    public void removeMessageListener(OpenFlowMessageListener listener) {
        messageListeners.remove(listener);
    }

    /** Packet-ins received from all switches since start: what the controller's data path costs. */
    public long packetIns() {
        return packetIns.sum();
    }

    @Override
    public void messageReceived(SwitchSession session, OFMessage message) {
        if (message.getType() == OFType.PACKET_IN) {
            packetIns.increment();
        }
        for (OpenFlowMessageListener l : messageListeners) {
            try {
                l.messageReceived(session, message);
            } catch (RuntimeException e) {
                // One faulty consumer must not cost the switch its session, nor the others the message.
                log.error("{}: {} failed on {}", session, l.getClass().getSimpleName(), message.getType(), e);
            }
        }
    }

    @Override
    public void sessionClosed(SwitchSession session, boolean wasActive, CloseCause cause, String detail) {
        closes.incrementAndGet(cause.ordinal());
        DeviceId id = session.id();
        if (id == null) {
            return; // closed before it said who it is
        }
        // Under the lock, so that a reconnect of the same switch (on another thread) is reported
        // after this disconnect, never before it: the inventory must end up with the new session.
        synchronized (inventoryLock) {
            if (sessions.remove(id, session) && wasActive) {
                devices.deviceDisconnected(id);
            }
        }
    }
}
