package io.sluice.core.route;

import io.sluice.core.device.DeviceId;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Link;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The way through the fabric from one edge port to another: the links between, and so one hop per
 * switch with the port the packet enters by and the port it leaves by. Immutable.
 */
public final class Path {
    private final ConnectPoint src;
    private final ConnectPoint dst;
    private final List<Link> links;

    private Path(ConnectPoint src, ConnectPoint dst, List<Link> links) {
        this.src = Objects.requireNonNull(src, "src");
        this.dst = Objects.requireNonNull(dst, "dst");
        this.links = List.copyOf(links);
        DeviceId at = src.deviceId();
        for (Link l : this.links) {
            if (!l.src().deviceId().equals(at)) {
                throw new IllegalArgumentException("links do not chain: " + l + " does not leave " + at);
            }
            at = l.dst().deviceId();
        }
        if (!at.equals(dst.deviceId())) {
            throw new IllegalArgumentException("path ends at " + at + ", not at " + dst);
        }
    }

    /**
     * @param src    where the packet enters the fabric
     * @param dst    where it leaves
     * @param links  the links in between, in order
     */
    public static Path of(ConnectPoint src, ConnectPoint dst, List<Link> links) {
        return new Path(src, dst, links);
    }

    public ConnectPoint src() {
        return src;
    }

    public ConnectPoint dst() {
        return dst;
    }

    public List<Link> links() {
        return links;
    }

    /** One entry per switch crossed, first to last. */
    public List<Hop> hops() {
        List<Hop> out = new ArrayList<>();
        ConnectPoint in = src;
        for (Link l : links) {
            out.add(new Hop(in.deviceId(), in.port(), l.src().port()));
            in = l.dst();
        }
        out.add(new Hop(in.deviceId(), in.port(), dst.port()));
        return Collections.unmodifiableList(out);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Path)) {
            return false;
        }
        Path p = (Path) o;
        return src.equals(p.src) && dst.equals(p.dst) && links.equals(p.links);
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, links);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Hop h : hops()) {
            b.append(b.length() == 0 ? "" : " -> ").append(h);
        }
        return b.toString();
    }

    /** A switch on the path: in by one port, out by another. */
    public static final class Hop {
        private final DeviceId device;
        private final long inPort;
        private final long outPort;

        Hop(DeviceId device, long inPort, long outPort) {
            this.device = device;
            this.inPort = inPort;
            this.outPort = outPort;
        }

        public DeviceId device() {
            return device;
        }

        public long inPort() {
            return inPort;
        }

        public long outPort() {
            return outPort;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Hop)) {
                return false;
            }
            Hop h = (Hop) o;
            return device.equals(h.device) && inPort == h.inPort && outPort == h.outPort;
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, inPort, outPort);
        }

        @Override
        public String toString() {
            return inPort + ":" + device + ":" + outPort;
        }
    }
}
