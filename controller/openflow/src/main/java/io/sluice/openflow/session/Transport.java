package io.sluice.openflow.session;

import java.util.List;
import java.util.concurrent.Executor;
import org.projectfloodlight.openflow.protocol.OFMessage;

/** The connection under a {@link SwitchSession}: the session's only way to the network. */
public interface Transport {
    /** Writes the messages in order and flushes them. */
    void send(List<OFMessage> messages);

    /** Closes the connection once what was sent before has been flushed. */
    void close();

    /** {@code host:port} of the switch end. */
    String remoteAddress();

    /** The one thread the session runs on; work from other threads is handed to it. */
    Executor executor();
}
