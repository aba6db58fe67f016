package io.sluice.bench.emulator;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.sluice.openflow.channel.OpenFlowMessageDecoder;
import io.sluice.openflow.channel.OpenFlowMessageEncoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.match.MatchField;

/**
 * An OpenFlow 1.3 fabric in one process: one {@link EmulatedSwitch} per switch of a
 * {@link FabricShape}, each on its own TCP connection to the controller. A PACKET_OUT on a cabled
 * port comes back as a PACKET_IN on the port at the other end, so a controller discovers the
 * emulated fabric by LLDP as it would a real one. Hosts exist only as ports here; frames from them
 * are injected with {@link #sendFromHost}.
 */
public final class FabricEmulator implements AutoCloseable {
    private final FabricShape shape;
    private final Map<Long, EmulatedSwitch> switches = new LinkedHashMap<>();
    private final EventLoopGroup loop;
    private final List<Channel> channels = new ArrayList<>();
    private final AtomicLong reconnects = new AtomicLong();
    private volatile boolean closing;
    private InetSocketAddress controller;
    private Bootstrap bootstrap;
    /** {@link System#nanoTime()} when the first switch connected; 0 before. */
    private final AtomicLong firstConnectNanos = new AtomicLong();
    private final Set<FabricShape.SwitchPort> probed = ConcurrentHashMap.newKeySet();
    private final AtomicLong everyLinkProbedNanos = new AtomicLong();
    private final AtomicLong firstFlowModNanos = new AtomicLong();
    private final AtomicLong lastFlowModNanos = new AtomicLong();
    private final AtomicLong lastBarrierNanos = new AtomicLong();

    /** Flow entries a switch holds before an ADD fails with TABLE_FULL (Open vSwitch's default is 1,000,000). */
    public static final int DEFAULT_TABLE_CAPACITY = 1_000_000;

    private FabricEmulator(FabricShape shape, int threads, int tableCapacity, long activeFlowPps) {
        this.shape = shape;
        this.loop = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        shape.switches().forEach((dpid, ports) -> switches.put(dpid,
                new EmulatedSwitch(dpid, ports, this, tableCapacity, activeFlowPps)));
    }

    /** Connects every switch of {@code shape} to the controller at {@code controller}; returns at once. */
    public static FabricEmulator connect(FabricShape shape, InetSocketAddress controller, int threads)
            throws InterruptedException {
        return connect(shape, controller, threads, DEFAULT_TABLE_CAPACITY, 0);
    }

    /**
     * As {@link #connect(FabricShape, InetSocketAddress, int)}, with each switch's flow table capacity
     * and the packets a second every per-flow rule counts ({@link EmulatedFlowTable}; 0: none, so
     * such rules idle out).
     */
    public static FabricEmulator connect(FabricShape shape, InetSocketAddress controller, int threads,
            int tableCapacity, long activeFlowPps) throws InterruptedException {
        FabricEmulator f = new FabricEmulator(shape, threads, tableCapacity, activeFlowPps);
        f.controller = controller;
        f.bootstrap = new Bootstrap().group(f.loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true);
        for (EmulatedSwitch sw : f.switches.values()) {
            // A refused connection is retried (reconnectLater), as a real switch's is: do not fail here.
            f.open(sw).await();
        }
        return f;
    }

    private ChannelFuture open(EmulatedSwitch sw) {
        ChannelFuture cf = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new OpenFlowMessageDecoder(), new OpenFlowMessageEncoder(), sw);
            }
        }).connect(controller);
        synchronized (channels) {
            channels.add(cf.channel());
        }
        cf.channel().closeFuture().addListener(closed -> {
            synchronized (channels) {
                channels.remove(cf.channel());
            }
        });
        cf.addListener(done -> {
            if (!done.isSuccess()) {
                reconnectLater(sw);
            }
        });
        return cf;
    }

    /** A switch whose connection closed (or never opened) tries again after a second, as OVS does. */
    void reconnectLater(EmulatedSwitch sw) {
        if (closing || loop.isShuttingDown()) {
            return;
        }
        reconnects.incrementAndGet();
        loop.schedule(() -> {
            if (!closing) {
                open(sw);
            }
        }, 1, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Connections that closed and were opened again. */
    public long reconnects() {
        return reconnects.get();
    }

    String name() {
        return shape.name();
    }

    public FabricShape shape() {
        return shape;
    }

    void switchConnected(EmulatedSwitch sw) {
        firstConnectNanos.compareAndSet(0, System.nanoTime());
    }

    /** When the first switch connected ({@link System#nanoTime()}), or 0. */
    public long firstConnectNanos() {
        return firstConnectNanos.get();
    }

    /** A frame {@code from} sends out of {@code port}: it arrives at the other end of the cable, if any. */
    void transmit(EmulatedSwitch from, int port, byte[] frame) {
        FabricShape.SwitchPort at = new FabricShape.SwitchPort(from.dpid(), port);
        FabricShape.SwitchPort peer = shape.cables().get(at);
        if (peer != null) {
            if (isDiscoveryProbe(frame) && probed.add(at) && probed.size() == shape.directedLinks()) {
                everyLinkProbedNanos.compareAndSet(0, System.nanoTime());
            }
            switches.get(peer.dpid()).receive(peer.port(), frame);
        }
    }

    /** LLDP, or BDDP (Floodlight's broadcast variant): what controllers discover links with. */
    private static boolean isDiscoveryProbe(byte[] f) {
        int type = f.length >= 14 ? ((f[12] & 0xFF) << 8) | (f[13] & 0xFF) : -1;
        return type == 0x88cc || type == 0x8942;
    }

    /**
     * Directed links that have carried a discovery probe from the controller (a PACKET_OUT on one end
     * relayed as a PACKET_IN at the other): the earliest a controller can know them, for any controller.
     */
    public int linksProbed() {
        return probed.size();
    }

    /** When every directed link had carried a probe ({@link System#nanoTime()}), or 0. */
    public long everyLinkProbedNanos() {
        return everyLinkProbedNanos.get();
    }

    void flowModArrived(long now) {
        firstFlowModNanos.compareAndSet(0, now);
        lastFlowModNanos.set(now);
    }

    void barrierAnswered(long now) {
        lastBarrierNanos.set(now);
    }

    /** Starts timing FLOW_MODs afresh: {@link #firstFlowModNanos} is the first to arrive after this. */
    public void restartFlowModClock() {
        firstFlowModNanos.set(0);
    }

    /** The first FLOW_MOD since {@link #restartFlowModClock} (or the start), or 0. */
    public long firstFlowModNanos() {
        return firstFlowModNanos.get();
    }

    public long lastFlowModNanos() {
        return lastFlowModNanos.get();
    }

    /** When a BARRIER_REPLY last left, on any switch. */
    public long lastBarrierNanos() {
        return lastBarrierNanos.get();
    }

    /** A frame from the host behind {@code at}: the switch sends it to the controller as a real one would. */
    public void sendFromHost(FabricShape.SwitchPort at, byte[] frame) {
        switches.get(at.dpid()).receive(at.port(), frame);
    }

    private volatile NewFlowLoad load;

    /**
     * Starts new-flow load with {@code window} requests outstanding per edge switch (replacing any
     * other), to hosts on the same switch or on others.
     */
    public NewFlowLoad startLoad(int window, boolean sameSwitch) {
        return startLoad(window, sameSwitch, 0);
    }

    /** As {@link #startLoad(int, boolean)}, or at a fixed {@code rate} of new flows a second if it is above 0. */
    public NewFlowLoad startLoad(int window, boolean sameSwitch, double rate) {
        NewFlowLoad l = new NewFlowLoad(this, window, sameSwitch, rate);
        load = l;
        l.start();
        return l;
    }

    void answered(int ip, int port) {
        NewFlowLoad l = load;
        if (l != null) {
            l.answered(ip, port);
        }
    }

    /** Host ports where a new IPv4 flow would go to the controller, by the table-0 entry it would hit. */
    public int portsSendingIpv4Up() {
        List<FabricShape.SwitchPort> hosts = shape.hostPorts();
        int up = 0;
        for (int n = 0; n < hosts.size(); n++) {
            // As the load sends: this port's host, a fresh source port, to port 80 of another host.
            int dst = (n + 1) % hosts.size();
            byte[] syn = HostFrames.tcpSyn(HostFrames.mac(n), HostFrames.mac(dst), HostFrames.ip(n), HostFrames.ip(dst),
                    1024, 80);
            if (switches.get(hosts.get(n).dpid()).sendsNewFlowsUp(hosts.get(n).port(), syn)) {
                up++;
            }
        }
        return up;
    }

    /** Frames a table-0 entry took on without sending them up (no data plane past table 0), over all switches. */
    public long keptOnSwitch() {
        return switches.values().stream().mapToLong(s -> s.keptOnSwitch.sum()).sum();
    }

    /** Frames that hit no table-0 entry and were dropped, over all switches (a controller without a table-miss entry). */
    public long tableMisses() {
        return switches.values().stream().mapToLong(s -> s.tableMisses.sum()).sum();
    }

    /** PACKET_OUTs that carried an IPv4 TCP frame (answers to new-flow load), over all switches. */
    public long loadPacketOuts() {
        return switches.values().stream().mapToLong(s -> s.loadPacketOuts.sum()).sum();
    }

    /** FLOW_MODs the controller sent, over all switches. */
    public long flowMods() {
        return received(OFType.FLOW_MOD);
    }

    /** PACKET_OUTs the controller sent, over all switches. */
    public long packetOuts() {
        return received(OFType.PACKET_OUT);
    }

    /** Switches whose controller connection has got as far as FEATURES_REQUEST. */
    public int switchesHandshaken() {
        return (int) switches.values().stream().filter(s -> s.handshaken).count();
    }

    /** Messages of {@code type} the controller sent, over all switches. */
    public long received(OFType type) {
        return switches.values().stream().mapToLong(s -> s.received(type)).sum();
    }

    /** Flow entries held, over all switches. */
    public long flowEntries() {
        return switches.values().stream().mapToLong(EmulatedSwitch::flowEntries).sum();
    }

    /** Per-flow rules (exact addresses, protocol and source port) held, over all switches. */
    public long perFlowEntries() {
        long[] n = {0};
        switches.values().forEach(s -> s.forEachFlow(e -> n[0] += EmulatedFlowTable.isPerFlowRule(e.match) ? 1 : 0));
        return n[0];
    }

    /**
     * Flow entries, over all switches, matching an exact TCP destination port in [{@code from},
     * {@code to}): the flowmods mode's rules use ports from 20000, so this counts them on the switches.
     */
    public long flowEntriesWithTcpDst(int from, int to) {
        // Distinct (switch, in port, TCP port) places: a rule written twice in one place cannot stand in
        // for one missing in another.
        long n = 0;
        for (EmulatedSwitch s : switches.values()) {
            java.util.Set<Long> places = new java.util.HashSet<>();
            s.forEachFlow(e -> {
                if (e.match.isExact(MatchField.TCP_DST)) {
                    int port = e.match.get(MatchField.TCP_DST).getPort();
                    if (port >= from && port < to) {
                        long in = e.match.isExact(MatchField.IN_PORT) ? e.match.get(MatchField.IN_PORT).getPortNumber() : -1;
                        places.add(in << 16 | port);
                    }
                }
            });
            n += places.size();
        }
        return n;
    }

    /** PACKET_INs the switches sent, over all switches. */
    public long packetIns() {
        return switches.values().stream().mapToLong(s -> s.packetInsSent.sum()).sum();
    }

    @Override
    public void close() {
        closing = true;
        synchronized (channels) {
            channels.forEach(Channel::close);
        }
        loop.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
