package io.sluice.core.standin;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceProviderService;
import io.sluice.core.device.Port;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.MacAddress;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.Ipv4FlowKeys;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.pipeline.Pipeline;
import io.sluice.core.route.InstalledPaths;
import io.sluice.core.southbound.Southbound;
import io.sluice.core.southbound.SouthboundStatus;
import io.sluice.core.stats.StatsProvider;
import io.sluice.core.stats.SwitchCounters;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in southbound written for tests, with no protocol at all: switches that exist only in
 * memory, cables between their ports, hosts at edge ports, and a small data plane that runs core's
 * pipeline: each switch holds core's base rules ({@link Pipeline#baseRules}: LLDP and ARP to the
 * controller, a table miss in each table) beside the rules core installs, and a frame takes the
 * highest-priority match in the classify table, then the route table (DSCP marking, queues, groups
 * by their first port, "to the controller", saying which of core's rules sent it). Core's own rules
 * are matched against IPv4 frames only (the rules core writes classify and route IPv4; anything
 * else meets the base rules). Frames move on one "wire" thread, so core sees
 * them arrive asynchronously, as from a real network. It is what proves that core runs with no
 * OpenFlow module on the class path.
 */
public final class InMemorySouthbound implements Southbound {
    /** A frame a host received, and the queue it left its last switch by (null: the port's default). */
    public static final class Delivery {
        public final byte[] frame;
        public final Long queue;
        public final List<DeviceId> switches;

        Delivery(byte[] frame, Long queue, List<DeviceId> switches) {
            this.frame = frame;
            this.queue = queue;
            this.switches = switches;
        }

        /** The DSCP of an IPv4 frame as it arrived. */
        public int dscp() {
            return (frame[15] & 0xFF) >>> 2;
        }
    }

    private final ExecutorService wire = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stand-in-wire");
        t.setDaemon(true);
        return t;
    });
    private final Map<DeviceId, Device> switches = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, ConnectPoint> cables = new ConcurrentHashMap<>();
    private final Map<ConnectPoint, MacAddress> hosts = new ConcurrentHashMap<>();
    private final Map<MacAddress, List<Delivery>> delivered = new ConcurrentHashMap<>();
    /** What each switch holds, by slot: the rules exactly as core wrote them, with their ids. */
    private final Map<DeviceId, Map<FlowRule.Key, InstalledRule>> tables = new ConcurrentHashMap<>();
    /** Core's base rules, on every switch from the start, as a southbound maps them. */
    private final Map<DeviceId, List<FlowRule>> baseRules = new ConcurrentHashMap<>();
    private volatile DeviceProviderService devices;
    private volatile PacketProviderService packets;

    @Override
    public String name() {
        return "stand-in";
    }

    // ---- the fabric a test builds ----

    /** A switch with ports 1..ports, all up; it connects at once if the southbound has started. */
    public void addSwitch(DeviceId id, int ports) {
        Device.Builder d = Device.builder(id).protocol("in-memory stand-in").tableCount(2);
        for (int p = 1; p <= ports; p++) {
            d.port(Port.builder(p).name(id + "-" + p).hwAddress(MacAddress.of(0x0200_0000_0000L | p))
                    .adminUp(true).linkUp(true).currentSpeedKbps(10_000_000).build());
        }
        Device device = d.build();
        switches.put(id, device);
        tables.put(id, new ConcurrentHashMap<>());
        baseRules.put(id, Pipeline.baseRules(id));
        if (devices != null) {
            devices.deviceConnected(device);
        }
    }

    public void cable(ConnectPoint a, ConnectPoint b) {
        cables.put(a, b);
        cables.put(b, a);
    }

    public void host(MacAddress mac, ConnectPoint at) {
        hosts.put(at, mac);
    }

    /** A host sends {@code frame} into its switch's port. */
    public void send(ConnectPoint from, byte[] frame) {
        wire.execute(() -> arrive(from, frame, new ArrayList<>()));
    }

    /** What {@code mac} has received so far. */
    public List<Delivery> received(MacAddress mac) {
        return delivered.getOrDefault(mac, List.of());
    }

    /** The rules {@code device} holds now. */
    public List<InstalledRule> rules(DeviceId device) {
        return new ArrayList<>(tables.getOrDefault(device, Map.of()).values());
    }

    // ---- Southbound ----

    @Override
    public FlowRuleProvider flowRuleProvider() {
        return (device, operations) -> CompletableFuture.supplyAsync(() -> {
            Map<FlowRule.Key, InstalledRule> table = tables.get(device);
            if (table == null) {
                throw new IllegalStateException("no switch " + device);
            }
            for (FlowRuleOperation op : operations) {
                InstalledRule r = op.rule();
                if (op.type() == FlowRuleOperation.Type.REMOVE) {
                    table.remove(r.rule().key());
                } else {
                    table.put(r.rule().key(), r);
                }
            }
            return null;
        }, wire);
    }

    @Override
    public PacketProvider packetProvider() {
        return this::emit;
    }

    @Override
    public StatsProvider statsProvider() {
        // No byte counting in the stand-in: every reading is empty, so load-aware choices stay put.
        return device -> CompletableFuture.completedFuture(
                SwitchCounters.of(device, System.nanoTime(), Map.of(), Map.of(), Map.of()));
    }

    @Override
    public void start(DeviceProviderService devices, PacketProviderService packets) {
        this.devices = devices;
        this.packets = packets;
        switches.values().forEach(devices::deviceConnected);
    }

    @Override
    public void stop() {
        wire.shutdownNow();
    }

    @Override
    public SouthboundStatus status() {
        return SouthboundStatus.of(true, Map.of("switches", switches.size()));
    }

    // ---- the data plane ----

    private boolean emit(OutboundPacket p) {
        if (!switches.containsKey(p.device())) {
            return false;
        }
        wire.execute(() -> {
            if (p.isIntoPipeline()) {
                pipeline(p.inPort(), p.frame(), new ArrayList<>());
            } else {
                for (long port : p.ports()) {
                    leave(ConnectPoint.of(p.device(), port), p.frame(), null, new ArrayList<>());
                }
            }
        });
        return true;
    }

    private void arrive(ConnectPoint at, byte[] frame, List<DeviceId> path) {
        pipeline(at, frame, path);
    }

    /** One rule a frame can meet: core's (with its id) or a base rule (id -1). */
    private static final class Hit {
        final FlowRule rule;
        final long id;

        Hit(FlowRule rule, long id) {
            this.rule = rule;
            this.id = id;
        }
    }

    private void pipeline(ConnectPoint at, byte[] frame, List<DeviceId> path) {
        path.add(at.deviceId());
        Optional<FlowKey> key = Ipv4FlowKeys.of(at, frame);
        int type = Frames.etherType(frame);
        Optional<Hit> classify = lookup(at.deviceId(), FlowTable.CLASSIFY, type,
                s -> key.isPresent() && InstalledPaths.matches(s, key.get()));
        if (classify.isEmpty()) {
            return; // no table-miss rule: dropped, as OpenFlow 1.3 says
        }
        TrafficTreatment t = classify.get().rule.treatment();
        if (t.isToController()) {
            punt(at, frame, classify.get());
            return;
        }
        byte[] marked = t.setDscp() == null ? frame : withDscp(frame, t.setDscp());
        if (t.gotoTable() != FlowTable.ROUTE) {
            forward(at, marked, t, path);
            return;
        }
        int dscp = key.isPresent() ? (marked[15] & 0xFF) >>> 2 : -1;
        MacAddress dst = MacAddress.of(Frames.destinationMac(frame));
        Optional<Hit> route = lookup(at.deviceId(), FlowTable.ROUTE, type,
                s -> dst.equals(s.ethDst()) && (s.dscp() == null || s.dscp() == dscp));
        if (route.isEmpty()) {
            return;
        }
        if (route.get().rule.treatment().isToController()) {
            punt(at, marked, route.get());
            return;
        }
        forward(at, marked, route.get().rule.treatment(), path);
    }

    private void punt(ConnectPoint at, byte[] frame, Hit hit) {
        packets.packetReceived(hit.id < 0 ? InboundPacket.of(at, frame) : InboundPacket.fromRule(at, frame, hit.id));
    }

    private void forward(ConnectPoint at, byte[] frame, TrafficTreatment t, List<DeviceId> path) {
        Long port = t.outputPort() != null ? t.outputPort()
                : t.group() != null ? t.group().ports().get(0) : null;
        if (port != null) {
            leave(ConnectPoint.of(at.deviceId(), port), frame, t.queue(), path);
        }
    }

    private void leave(ConnectPoint out, byte[] frame, Long queue, List<DeviceId> path) {
        ConnectPoint peer = cables.get(out);
        if (peer != null) {
            arrive(peer, frame, path);
            return;
        }
        MacAddress host = hosts.get(out);
        if (host != null) {
            delivered.computeIfAbsent(host, k -> new CopyOnWriteArrayList<>())
                    .add(new Delivery(frame, queue, List.copyOf(path)));
        }
    }

    /**
     * The highest-priority rule of {@code table} the frame meets: a base rule matches on EtherType
     * alone (or anything, for a table miss); one of core's rules by {@code matches} (core's route and
     * classify rules match IPv4 fields and destinations).
     */
    private Optional<Hit> lookup(DeviceId device, FlowTable table, int etherType,
            java.util.function.Predicate<TrafficSelector> matches) {
        List<Hit> hits = new ArrayList<>();
        for (FlowRule r : baseRules.getOrDefault(device, List.of())) {
            Integer type = r.selector().ethType();
            if (r.table() == table && (type == null || type == etherType)) {
                hits.add(new Hit(r, -1));
            }
        }
        for (InstalledRule r : tables.getOrDefault(device, Map.of()).values()) {
            if (r.rule().table() == table && matches.test(r.rule().selector())) {
                hits.add(new Hit(r.rule(), r.id()));
            }
        }
        return hits.stream().max(Comparator.comparingInt(h -> h.rule.priority()));
    }

    /** The frame with its (untagged) IPv4 header's DSCP rewritten, ECN kept. */
    private static byte[] withDscp(byte[] frame, int dscp) {
        byte[] out = frame.clone();
        out[15] = (byte) ((dscp << 2) | (out[15] & 0x03));
        return out;
    }
}
