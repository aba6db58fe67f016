package io.sluice.core.topology;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import java.time.Instant;

/** Write side of hosts, for providers that see what hosts send (packet-ins today). */
public interface HostProviderService {
    /**
     * A frame from {@code mac} in {@code vlan} entered the fabric at {@code location}, carrying the
     * sender's {@code ip} as seen through {@code ipSource} (both null when it carried none).
     * Returns false when it was not taken as a host sighting: the port faces another switch, is
     * down, or is unknown.
     */
    boolean hostSeen(MacAddress mac, int vlan, Ip4Address ip, IpSource ipSource, ConnectPoint location);

    /** Forgets hosts not seen since {@code cutoff}; returns how many. */
    int expireHosts(Instant cutoff);
}
