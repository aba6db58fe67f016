package io.sluice.core.flow;

import io.sluice.core.device.Port;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A choice among output ports that the switch makes by itself, per packet: spread flows over
 * equal-cost links by a hash of their 5-tuple ({@link Kind#SELECT}), or take the first port whose
 * link is up ({@link Kind#FAST_FAILOVER}), which repairs a failure before any controller hears of
 * it. Immutable; made by {@link #select} and {@link #fastFailover}.
 */
public final class ForwardingGroup {
    /** How the switch picks a port. */
    public enum Kind {
        /** One port per flow, by hash of the flow: every port is used. */
        SELECT,
        /** The first port in the list whose link is up. */
        FAST_FAILOVER
    }

    private final Kind kind;
    private final List<Long> ports;

    private ForwardingGroup(Kind kind, List<Long> ports) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (ports.size() < 2) {
            throw new IllegalArgumentException("a group needs at least two ports, got " + ports);
        }
        if (ports.stream().distinct().count() != ports.size()) {
            throw new IllegalArgumentException("a port appears twice in " + ports);
        }
        for (long p : ports) {
            if (!Port.isPhysicalNumber(p)) {
                throw new IllegalArgumentException("not a physical port number: " + p);
            }
        }
        this.ports = List.copyOf(ports);
    }

    /** Spread flows over {@code ports} (in a stable order, so the same set is the same group). */
    public static ForwardingGroup select(List<Long> ports) {
        return new ForwardingGroup(Kind.SELECT, ports.stream().sorted().collect(Collectors.toList()));
    }

    /** Use {@code ports} in order of preference, each while its link is up. */
    public static ForwardingGroup fastFailover(List<Long> ports) {
        return new ForwardingGroup(Kind.FAST_FAILOVER, ports);
    }

    public Kind kind() {
        return kind;
    }

    /** The output ports: sorted for {@link Kind#SELECT}, in preference order for fast failover. */
    public List<Long> ports() {
        return ports;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForwardingGroup && ((ForwardingGroup) o).kind == kind
                && ((ForwardingGroup) o).ports.equals(ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, ports);
    }

    @Override
    public String toString() {
        return (kind == Kind.SELECT ? "select" : "fast_failover") + ports;
    }
}
