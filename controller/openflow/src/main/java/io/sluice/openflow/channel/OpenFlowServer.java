package io.sluice.openflow.channel;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.session.SessionListener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Listens for switches on one or more TCP addresses and gives each connection its own session. */
public final class OpenFlowServer {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowServer.class);

    private final List<InetSocketAddress> listenAddresses;
    private final OpenFlowSettings settings;
    private final SessionListener listener;
    private final int workerThreads;
    private final OpenFlowMessageEncoder encoder = new OpenFlowMessageEncoder();
    private final ChannelGroup channels = new DefaultChannelGroup("openflow", GlobalEventExecutor.INSTANCE);
    /** Replaced whole, never mutated: readers (health checks) need no lock. */
    private volatile List<InetSocketAddress> bound = List.of();
    private volatile boolean stopping;
    private EventLoopGroup acceptors;
    private EventLoopGroup workers;

    /**
     * @param workerThreads event-loop threads for switch sessions; 0 lets Netty choose (2 per core)
     */
    public OpenFlowServer(List<InetSocketAddress> listenAddresses, OpenFlowSettings settings,
            SessionListener listener, int workerThreads) {
        if (listenAddresses.isEmpty()) {
            throw new IllegalArgumentException("no OpenFlow listen address given");
        }
        this.listenAddresses = List.copyOf(listenAddresses);
        this.settings = settings;
        this.listener = listener;
        this.workerThreads = workerThreads;
    }

    /** Binds every address; fails with {@link OpenFlowListenException} (and binds none) if any cannot be bound. */
    public synchronized void start() {
        if (acceptors != null) {
            throw new IllegalStateException("OpenFlow server already started");
        }
        stopping = false;
        acceptors = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workers = new MultiThreadIoEventLoopGroup(workerThreads, NioIoHandler.newFactory());
        // A MASTER role request must carry a generation id larger than the last controller's.
        long generationId = System.currentTimeMillis();
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        channels.add(ch);
                        ch.pipeline().addLast("decoder", new OpenFlowMessageDecoder());
                        ch.pipeline().addLast("encoder", encoder);
                        ch.pipeline().addLast("session",
                                new SwitchChannelHandler(settings, listener, generationId, () -> stopping));
                    }
                });
        List<InetSocketAddress> nowBound = new ArrayList<>();
        try {
            for (InetSocketAddress address : listenAddresses) {
                if (address.isUnresolved()) {
                    throw new OpenFlowListenException("cannot listen for OpenFlow on " + address.getHostString()
                            + ":" + address.getPort() + ": the host name does not resolve", null);
                }
                Channel server;
                try {
                    server = bootstrap.bind(address).syncUninterruptibly().channel();
                } catch (Exception e) { // Netty rethrows the checked BindException unchecked
                    throw new OpenFlowListenException("cannot listen for OpenFlow on " + address + ": " + e.getMessage(), e);
                }
                channels.add(server);
                nowBound.add((InetSocketAddress) server.localAddress());
                log.info("listening for OpenFlow 1.3 switches on {}", server.localAddress());
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        bound = List.copyOf(nowBound);
    }

    /** The addresses actually bound (with the real port where 0 was asked for); empty when stopped. */
    public List<InetSocketAddress> boundAddresses() {
        return bound;
    }

    /** Closes every switch connection and stops listening. Idempotent. */
    public synchronized void stop() {
        stopping = true;
        bound = List.of();
        channels.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        for (EventLoopGroup group : new EventLoopGroup[] {acceptors, workers}) {
            if (group != null) {
                group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
        acceptors = null;
        workers = null;
    }
}
