package io.sluice.core.topology;

import java.util.Objects;

/**
 * One direction of a switch-to-switch link: frames leave {@code src} and arrive at {@code dst}.
 * A cable is two links, one each way. Immutable.
 */
public final class Link {
    private final ConnectPoint src;
    private final ConnectPoint dst;
    private final long capacityBps;

    private Link(ConnectPoint src, ConnectPoint dst, long capacityBps) {
        this.src = Objects.requireNonNull(src, "src");
        this.dst = Objects.requireNonNull(dst, "dst");
        if (src.deviceId().equals(dst.deviceId())) {
            // A cable between two ports of one switch carries nothing a switch could not do inside.
            throw new IllegalArgumentException("a link cannot loop back to its own switch: " + src + " -> " + dst);
        }
        this.capacityBps = capacityBps;
    }

    /** @param capacityBps bits per second; 0 when neither end reports a speed */
    public static Link of(ConnectPoint src, ConnectPoint dst, long capacityBps) {
        return new Link(src, dst, capacityBps);
    }

    public ConnectPoint src() {
        return src;
    }

    public ConnectPoint dst() {
        return dst;
    }

    public long capacityBps() {
        return capacityBps;
    }

    /** Whether {@code cp} is either end. */
    public boolean touches(ConnectPoint cp) {
        return src.equals(cp) || dst.equals(cp);
    }

    public Link withCapacity(long bps) {
        return new Link(src, dst, bps);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Link)) {
            return false;
        }
        Link l = (Link) o;
        return capacityBps == l.capacityBps && src.equals(l.src) && dst.equals(l.dst);
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, capacityBps);
    }

    @Override
    public String toString() {
        return src + " -> " + dst;
    }
}
