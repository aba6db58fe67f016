package io.sluice.openflow.channel;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.session.CloseCause;
import io.sluice.openflow.session.SessionListener;
import io.sluice.openflow.session.SwitchSession;
import io.sluice.openflow.session.Transport;
import io.sluice.openflow.session.UnparseableMessage;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Binds one TCP connection to one {@link SwitchSession}: bytes in, messages out, time passing. */
final class SwitchChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(SwitchChannelHandler.class);
    private static final long MIN_TICK_MS = 10;
    private static final long MAX_TICK_MS = 500;
    private static final long CLOSE_FLUSH_LIMIT_MS = 2000;

    private final OpenFlowSettings settings;
    private final SessionListener listener;
    private final long generationId;
    private final BooleanSupplier shuttingDown;
    private SwitchSession session;
    private ScheduledFuture<?> ticker;

    SwitchChannelHandler(OpenFlowSettings settings, SessionListener listener, long generationId,
            BooleanSupplier shuttingDown) {
        this.settings = settings;
        this.listener = listener;
        this.generationId = generationId;
        this.shuttingDown = shuttingDown;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        session = new SwitchSession(new ChannelTransport(ctx.channel()), listener, settings, System::nanoTime,
                generationId);
        session.start();
        long tick = tickMillis(settings);
        ticker = ctx.executor().scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof UnparseableMessage) {
            session.onUnparseable((UnparseableMessage) msg);
        } else {
            session.onMessage((OFMessage) msg);
        }
    }

    /** A periodic task that throws is never run again: a fault here must end the session, not its timers. */
    private void tick() {
        try {
            session.tick();
        } catch (RuntimeException e) {
            log.error("{}: fault in the session timer", session, e);
            session.close(CloseCause.INTERNAL_ERROR, e.toString());
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        if (session != null) {
            if (shuttingDown.getAsBoolean()) {
                session.close(CloseCause.SHUTDOWN, "controller stopping");
            } else {
                session.onTransportClosed();
            }
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Throwable root = cause;
        if (!(cause instanceof MalformedMessageException) && cause instanceof DecoderException && cause.getCause() != null) {
            root = cause.getCause();
        }
        if (session == null) {
            log.warn("connection {}: {}", ctx.channel().remoteAddress(), root.toString());
            ctx.close();
        } else if (root instanceof MalformedMessageException) {
            session.close(CloseCause.MALFORMED, root.getMessage());
        } else if (root instanceof IOException) {
            session.close(CloseCause.CONNECTION_LOST, root.getMessage());
        } else {
            log.error("{}: fault while handling the session", session, root);
            session.close(CloseCause.INTERNAL_ERROR, root.toString());
        }
    }

    /** Often enough that every timeout fires within a tenth of itself. */
    static long tickMillis(OpenFlowSettings s) {
        Duration shortest = s.echoInterval();
        for (Duration d : List.of(s.requestTimeout(), s.handshakeTimeout())) {
            if (d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        return Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, shortest.toMillis() / 10));
    }

    /** The session's view of its Netty channel. */
    private static final class ChannelTransport implements Transport {
        private final Channel channel;
        private final String remote;

        ChannelTransport(Channel channel) {
            this.channel = channel;
            this.remote = format(channel.remoteAddress());
        }

        @Override
        public void send(List<OFMessage> messages) {
            for (OFMessage m : messages) {
                channel.write(m, channel.voidPromise());
            }
            channel.flush();
        }

        @Override
        public void close() {
            // Flush first, so a HELLO_FAILED written just before reaches the switch; but a peer
            // that stopped reading must not keep the connection open through a flush that never ends.
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            channel.eventLoop().schedule(() -> channel.close(), CLOSE_FLUSH_LIMIT_MS, TimeUnit.MILLISECONDS);
        }

        @Override
        public String remoteAddress() {
            return remote;
        }

        @Override
        public Executor executor() {
            return channel.eventLoop();
        }

        private static String format(SocketAddress address) {
            if (address instanceof InetSocketAddress) {
                InetSocketAddress a = (InetSocketAddress) address;
                return a.getAddress().getHostAddress() + ":" + a.getPort();
            }
            return String.valueOf(address);
        }
    }
}
