package io.sluice.openflow.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;

/** A transport without a network: keeps what the session sends and runs its work at once. */
public class RecordingTransport implements Transport {
    final List<OFMessage> sent = new ArrayList<>();
    /** Everything ever sent, never drained. */
    public final List<OFMessage> history = new ArrayList<>();
    public boolean closed;

    @Override
    public void send(List<OFMessage> messages) {
        sent.addAll(messages);
        history.addAll(messages);
    }

    @Override
    public void close() {
        closed = true;
    }

    private final String remote;

    public RecordingTransport() {
        this("192.0.2.1:40000");
    }

    public RecordingTransport(String remote) {
        this.remote = remote;
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public Executor executor() {
        return Runnable::run;
    }

    /** Sent messages since the last call, and forgets them. */
    public List<OFMessage> drain() {
        List<OFMessage> out = new ArrayList<>(sent);
        sent.clear();
        return out;
    }

    List<OFType> drainTypes() {
        return drain().stream().map(OFMessage::getType).toList();
    }
}
