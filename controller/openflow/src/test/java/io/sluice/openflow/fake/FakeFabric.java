package io.sluice.openflow.fake;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFPort;

/**
 * Fake switches wired by cables, to check that the rules a controller installs across a fabric
 * carry a packet where it should go: inject a packet at a port and {@link #trace} follows every
 * copy, across cables, to hosts (ports with no cable), the controller, or a drop.
 */
public final class FakeFabric {
    /** Switch visits per trace before it counts as a loop; no sane path in a test fabric is this long. */
    public static final int MAX_SWITCH_VISITS = 64;

    private final Map<DeviceId, FakeSwitchTables> switches = new LinkedHashMap<>();
    private final Map<ConnectPoint, ConnectPoint> cables = new HashMap<>();
    private final Set<ConnectPoint> downCableEnds = new HashSet<>();

    public FakeSwitchTables addSwitch(DeviceId id, long... ports) {
        if (switches.containsKey(id)) {
            throw new IllegalArgumentException("switch " + id + " already added");
        }
        FakeSwitchTables s = new FakeSwitchTables(id, Arrays.stream(ports).boxed().toList());
        switches.put(id, s);
        return s;
    }

    public FakeSwitchTables switchTables(DeviceId id) {
        FakeSwitchTables s = switches.get(id);
        if (s == null) {
            throw new IllegalArgumentException("no switch " + id + " in the fabric (have " + switches.keySet() + ")");
        }
        return s;
    }

    /** A bidirectional cable between two existing switch ports, up. */
    public void cable(ConnectPoint a, ConnectPoint b) {
        for (ConnectPoint end : List.of(a, b)) {
            if (!switchTables(end.deviceId()).ports().contains(end.port())) {
                throw new IllegalArgumentException("switch " + end.deviceId() + " has no port " + end.port());
            }
            if (cables.containsKey(end)) {
                throw new IllegalArgumentException(end + " is already cabled to " + cables.get(end));
            }
        }
        cables.put(a, b);
        cables.put(b, a);
    }

    /** A down cable makes both its ports not live and loses whatever is sent on it. */
    public void setCableUp(ConnectPoint a, ConnectPoint b, boolean up) {
        if (!b.equals(cables.get(a))) {
            throw new IllegalArgumentException("no cable between " + a + " and " + b);
        }
        if (up) {
            downCableEnds.remove(a);
            downCableEnds.remove(b);
        } else {
            downCableEnds.add(a);
            downCableEnds.add(b);
        }
    }

    /** A port is live unless its cable is down; host ports (no cable) are always live. */
    public boolean isLive(ConnectPoint port) {
        return !downCableEnds.contains(port);
    }

    /** Injects {@code packet} (exact headers; IN_PORT is set here) at {@code ingress} and follows it. */
    public Trace trace(ConnectPoint ingress, Match packet) {
        Trace trace = new Trace(ingress);
        // Depth first with the first output explored first, so the first copy to end is the one
        // that always took the first output: that is the path hops() reports.
        Deque<Copy> todo = new ArrayDeque<>();
        todo.push(new Copy(ingress, packet, List.of()));
        int visits = 0;
        while (!todo.isEmpty()) {
            Copy c = todo.pop();
            if (++visits > MAX_SWITCH_VISITS) {
                trace.dropped("hop limit of " + MAX_SWITCH_VISITS + " switch visits reached, entering " + c.at());
                trace.looped(c.path());
                break;
            }
            List<Copy> next = visit(c, trace);
            for (int i = next.size() - 1; i >= 0; i--) {
                todo.push(next.get(i));
            }
        }
        return trace;
    }

    /** A copy of the packet about to enter a switch at {@code at}, and the switches it passed. */
    private record Copy(ConnectPoint at, Match packet, List<Trace.Hop> path) {
    }

    private List<Copy> visit(Copy c, Trace trace) {
        DeviceId device = c.at().deviceId();
        long inPort = c.at().port();
        FakeSwitchTables sw = switchTables(device);
        Match in = Packet.withInPort(c.packet(), inPort);
        FakeSwitchTables.Result result = sw.process(in, port -> isLive(ConnectPoint.of(device, port)));
        trace.step(device, inPort, result);
        result.notes().forEach(n -> trace.dropped(device + ": " + n));
        if (result.outputs().isEmpty()) {
            trace.ended(with(c.path(), new Trace.Hop(device, inPort, null)));
            return List.of();
        }
        List<Copy> next = new ArrayList<>();
        for (FakeSwitchTables.Output out : result.outputs()) {
            List<Trace.Hop> path = with(c.path(), new Trace.Hop(device, inPort, out.port(), out.queueId()));
            if (out.port().equals(OFPort.CONTROLLER)) {
                trace.toController(device, inPort, out.packet());
                trace.ended(path);
                continue;
            }
            ConnectPoint egress = ConnectPoint.of(device, Integer.toUnsignedLong(out.port().getPortNumber()));
            ConnectPoint peer = cables.get(egress);
            if (!sw.ports().contains(egress.port())) {
                trace.dropped("output to " + egress + ", which the switch does not have");
                trace.ended(path);
            } else if (peer == null) {
                trace.delivered(egress, out.packet());
                trace.ended(path);
            } else if (!isLive(egress)) {
                trace.dropped("sent on the down cable " + egress + " - " + peer);
                trace.ended(path);
            } else {
                next.add(new Copy(peer, out.packet(), path));
            }
        }
        return next;
    }

    private static List<Trace.Hop> with(List<Trace.Hop> path, Trace.Hop hop) {
        List<Trace.Hop> out = new ArrayList<>(path);
        out.add(hop);
        return out;
    }
}
