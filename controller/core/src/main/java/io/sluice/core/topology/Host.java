package io.sluice.core.topology;

import io.sluice.core.net.Ip4Address;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** A host as the fabric last saw it: identity, addresses, where it attaches, when it last sent. Immutable. */
public final class Host {
    private final HostId id;
    private final SortedSet<Ip4Address> ips;
    private final ConnectPoint location;
    private final Instant lastSeen;

    private Host(HostId id, Set<Ip4Address> ips, ConnectPoint location, Instant lastSeen) {
        this.id = Objects.requireNonNull(id, "id");
        this.ips = Collections.unmodifiableSortedSet(new TreeSet<>(ips));
        this.location = Objects.requireNonNull(location, "location");
        this.lastSeen = Objects.requireNonNull(lastSeen, "lastSeen");
    }

    public static Host of(HostId id, Set<Ip4Address> ips, ConnectPoint location, Instant lastSeen) {
        return new Host(id, ips, location, lastSeen);
    }

    public HostId id() {
        return id;
    }

    /** Addresses the host has sent from, in address order. */
    public Set<Ip4Address> ips() {
        return ips;
    }

    public ConnectPoint location() {
        return location;
    }

    public Instant lastSeen() {
        return lastSeen;
    }

    public Host withIp(Ip4Address ip) {
        Set<Ip4Address> more = new TreeSet<>(ips);
        more.add(ip);
        return new Host(id, more, location, lastSeen);
    }

    public Host withoutIp(Ip4Address ip) {
        Set<Ip4Address> fewer = new TreeSet<>(ips);
        fewer.remove(ip);
        return new Host(id, fewer, location, lastSeen);
    }

    public Host at(ConnectPoint newLocation) {
        return new Host(id, ips, newLocation, lastSeen);
    }

    public Host seenAt(Instant when) {
        return new Host(id, ips, location, when);
    }

    /** Same identity, addresses and location; last-seen times aside. */
    public boolean sameAs(Host other) {
        return id.equals(other.id) && ips.equals(other.ips) && location.equals(other.location);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Host && sameAs((Host) o) && lastSeen.equals(((Host) o).lastSeen);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, ips, location, lastSeen);
    }

    @Override
    public String toString() {
        return "host " + id + " " + ips + " at " + location;
    }
}
