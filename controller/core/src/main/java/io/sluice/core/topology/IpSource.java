package io.sluice.core.topology;

/** How a host's IPv4 address was seen, which decides how far the sighting is trusted. */
public enum IpSource {
    /**
     * The sender fields of an ARP packet: how a host announces an address, including one that
     * moved to it (gratuitous ARP on fail-over), so it may take the address from another host.
     */
    ARP,
    /** The source of an IPv4 packet: adds an address nobody has, never takes one from another host. */
    IP_PACKET
}
