package io.sluice.core.topology;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import java.time.Instant;

/** Write side of hosts, for providers that see what hosts send (packet-ins today). */
public interface HostProviderService {
    /**
     * A frame from {@code mac} in {@code vlan} (with source {@code ip}, or null when it carried
     * none) entered the fabric at {@code location}. Returns false when it was not taken as a host
     * sighting: the port faces another switch, or the switch or port is unknown.
     */
    boolean hostSeen(MacAddress mac, int vlan, Ip4Address ip, ConnectPoint location);

    /** Forgets hosts not seen since {@code cutoff}; returns how many. */
    int expireHosts(Instant cutoff);
}
