package io.sluice.openflow.session;

import java.util.ArrayList;
import java.util.List;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortReason;

/** Keeps what a session reported, in order. */
final class RecordingListener implements SessionListener {
    final List<String> events = new ArrayList<>();
    final List<OFMessage> messages = new ArrayList<>();
    CloseCause closeCause;
    String closeDetail;

    @Override
    public void sessionIdentified(SwitchSession session) {
        events.add("identified " + session.id());
    }

    @Override
    public void sessionActivated(SwitchSession session) {
        events.add("activated " + session.id());
    }

    @Override
    public void portChanged(SwitchSession session, OFPortReason reason, OFPortDesc port) {
        events.add("port " + reason + " " + port.getName());
    }

    @Override
    public void messageReceived(SwitchSession session, OFMessage message) {
        messages.add(message);
    }

    @Override
    public void sessionClosed(SwitchSession session, boolean wasActive, CloseCause cause, String detail) {
        events.add("closed " + cause + (wasActive ? " (was active)" : ""));
        closeCause = cause;
        closeDetail = detail;
    }
}
