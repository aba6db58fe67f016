package io.sluice.openflow.session;

import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/** What a {@link SwitchSession} reports. Called on the session's thread. */
public interface SessionListener {
    /**
     * The switch named its datapath id (FEATURES_REPLY); nothing on it has been changed yet. The
     * listener may refuse the session here by closing it.
     */
    void sessionIdentified(SwitchSession session);

    /** The handshake finished: ports, description and base pipeline are in place. */
    void sessionActivated(SwitchSession session);

    /** A port was added, removed or changed on an active session. */
    void portChanged(SwitchSession session, OFPortReason reason, OFPortDesc port);

    /** An asynchronous message (PACKET_IN, FLOW_REMOVED, ...) on an active session. */
    void messageReceived(SwitchSession session, OFMessage message);

    /** The session ended; {@code wasActive} tells whether it had been announced as active. */
    void sessionClosed(SwitchSession session, boolean wasActive, CloseCause cause, String detail);
}
