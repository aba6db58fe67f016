package io.sluice.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reading what the controller reports in the terms of the fabric that was built. */
public final class Fabrics {
    private Fabrics() {
    }

    /** A port as the REST API names it ({@code {"device": ..., "port": ...}}). */
    public static ConnectPoint point(JsonNode view) {
        return ConnectPoint.of(DeviceId.parse(view.get("device").asText()), view.get("port").asLong());
    }

    /** A port as the fabric driver names it (dpid in hex, port number). */
    public static ConnectPoint point(String dpidHex, long port) {
        return ConnectPoint.of(DeviceId.parse(dpidHex), port);
    }

    /** "src -> dst" for every link the controller reports. */
    public static Set<String> directedLinks(List<JsonNode> links) {
        Set<String> out = new HashSet<>();
        links.forEach(l -> out.add(point(l.get("src")) + " -> " + point(l.get("dst"))));
        return out;
    }

    /** "a -> b" and "b -> a" for every cable of the fabric. */
    public static Set<String> expectedLinks(MininetFabric fabric) {
        Set<String> out = new HashSet<>();
        for (JsonNode c : fabric.cables()) {
            ConnectPoint a = point(c.get("a").asText(), c.get("aPort").asLong());
            ConnectPoint b = point(c.get("b").asText(), c.get("bPort").asLong());
            out.add(a + " -> " + b);
            out.add(b + " -> " + a);
        }
        return out;
    }

    /** The switch ports hosts hang off. */
    public static Set<ConnectPoint> hostPorts(MininetFabric fabric) {
        Set<ConnectPoint> out = new HashSet<>();
        fabric.hosts().forEach(h -> out.add(point(h.get("switch").asText(), h.get("port").asLong())));
        return out;
    }

    /** Whether any reported link starts or ends at one of {@code ports}. */
    public static boolean anyLinkTouches(List<JsonNode> links, Set<ConnectPoint> ports) {
        return links.stream().anyMatch(l -> ports.contains(point(l.get("src"))) || ports.contains(point(l.get("dst"))));
    }
}
