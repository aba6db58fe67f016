package io.sluice.openflow.fake;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Where one injected packet went in a {@link FakeFabric}: every copy's end (a host port, the
 * controller, a drop) and the path of the first copy. {@link #toString()} is meant for assertion
 * messages, so a failing test shows the whole walk.
 */
public final class Trace {
    /**
     * One switch on a path: where the copy came in, where it left ({@code null}: dropped there) and
     * the egress queue it was given, if any.
     */
    public record Hop(DeviceId device, long inPort, OFPort outPort, OptionalLong queue) {
        public Hop(DeviceId device, long inPort, OFPort outPort) {
            this(device, inPort, outPort, OptionalLong.empty());
        }

        @Override
        public String toString() {
            return device + " in " + inPort + " -> " + (outPort == null ? "drop" : outPort)
                    + (queue.isPresent() ? " queue " + queue.getAsLong() : "");
        }
    }

    /** A copy that reached the controller, as the packet-in would describe it. */
    public record PacketIn(DeviceId device, long inPort, Match packet) {
    }

    private final ConnectPoint ingress;
    private final Map<ConnectPoint, List<Match>> delivered = new LinkedHashMap<>();
    private final List<PacketIn> toController = new ArrayList<>();
    private final List<String> drops = new ArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private List<Hop> hops;
    private boolean looped;

    Trace(ConnectPoint ingress) {
        this.ingress = ingress;
    }

    void delivered(ConnectPoint at, Match packet) {
        delivered.computeIfAbsent(at, k -> new ArrayList<>()).add(packet);
    }

    void toController(DeviceId device, long inPort, Match packet) {
        toController.add(new PacketIn(device, inPort, packet));
    }

    void dropped(String why) {
        drops.add(why);
    }

    void step(DeviceId device, long inPort, FakeSwitchTables.Result result) {
        steps.add(device + " in " + inPort + ": " + result);
    }

    /** A copy ended; the first one to end is "the first copy" whose path {@link #hops()} gives. */
    void ended(List<Hop> path) {
        if (hops == null) {
            hops = List.copyOf(path);
        }
    }

    void looped(List<Hop> path) {
        looped = true;
        ended(path);
    }

    /** Ports with no cable where copies left the fabric, i.e. reached a host. */
    public Set<ConnectPoint> deliveredTo() {
        return new TreeSet<>(delivered.keySet());
    }

    /** The copies a host at {@code at} received, with their headers as they left the switch. */
    public List<Match> packetsAt(ConnectPoint at) {
        return List.copyOf(delivered.getOrDefault(at, List.of()));
    }

    public List<PacketIn> toController() {
        return List.copyOf(toController);
    }

    /** The path of the first copy: each switch with its in and out port. */
    public List<Hop> hops() {
        return hops == null ? List.of() : hops;
    }

    /** The hop limit was reached: some copy kept circulating. */
    public boolean looped() {
        return looped;
    }

    /** Why copies were lost: table misses, down cables, output to the ingress port, the hop limit. */
    public List<String> drops() {
        return List.copyOf(drops);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("trace from ").append(ingress);
        sb.append("\n  delivered to ").append(deliveredTo());
        sb.append("\n  to controller ").append(toController.stream().map(p -> p.device() + " in " + p.inPort()).toList());
        sb.append("\n  first copy ").append(hops());
        if (looped) {
            sb.append("\n  LOOPED");
        }
        drops.forEach(d -> sb.append("\n  dropped: ").append(d));
        steps.forEach(s -> sb.append("\n  step ").append(s));
        return sb.toString();
    }
}
