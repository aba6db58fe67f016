package io.sluice.core.topology;

import io.sluice.core.net.Ip4Address;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A host as the fabric knows it: identity, the IPv4 addresses it has used (oldest first, at most
 * {@link #MAX_ADDRESSES}), and where it attaches. Immutable. When it was last seen is not part of
 * the topology (it changes with every packet); {@link TopologyService#lastSeen} has it.
 */
public final class Host {
    /** A host with more addresses than this (a router, a spoofer) keeps only its newest ones. */
    public static final int MAX_ADDRESSES = 16;

    private final HostId id;
    private final Set<Ip4Address> ips;
    private final ConnectPoint location;

    private Host(HostId id, Set<Ip4Address> ips, ConnectPoint location) {
        this.id = Objects.requireNonNull(id, "id");
        this.ips = Collections.unmodifiableSet(new LinkedHashSet<>(ips));
        this.location = Objects.requireNonNull(location, "location");
    }

    public static Host of(HostId id, Set<Ip4Address> ips, ConnectPoint location) {
        return new Host(id, ips, location);
    }

    public HostId id() {
        return id;
    }

    /** Addresses the host has sent from, oldest first. */
    public Set<Ip4Address> ips() {
        return ips;
    }

    public ConnectPoint location() {
        return location;
    }

    /** This host with {@code ip} as its newest address (the oldest goes if it would have too many). */
    public Host withIp(Ip4Address ip) {
        List<Ip4Address> more = new ArrayList<>(ips);
        more.remove(ip);
        more.add(ip);
        while (more.size() > MAX_ADDRESSES) {
            more.remove(0);
        }
        return new Host(id, new LinkedHashSet<>(more), location);
    }

    public Host withoutIp(Ip4Address ip) {
        Set<Ip4Address> fewer = new LinkedHashSet<>(ips);
        fewer.remove(ip);
        return new Host(id, fewer, location);
    }

    public Host at(ConnectPoint newLocation) {
        return new Host(id, ips, newLocation);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Host)) {
            return false;
        }
        Host h = (Host) o;
        return id.equals(h.id) && ips.equals(h.ips) && location.equals(h.location);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ips, location);
    }

    @Override
    public String toString() {
        return "host " + id + " " + ips + " at " + location;
    }
}
