package io.sluice.server.topology;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.stream.Collectors;

/** Finds hosts by what people type for them: a MAC address or an IPv4 address. */
public final class HostKeys {
    private HostKeys() {
    }

    /**
     * Every host with this MAC (one per VLAN) or IPv4 address.
     *
     * @param param the query or path parameter's name, for error messages
     * @throws BadRequestException if {@code key} is neither
     * @throws NotFoundException   if no host has it
     */
    public static List<Host> find(Topology t, String param, String key) {
        if (key == null || key.isBlank()) {
            throw new BadRequestException(param + ": required; give a MAC address (02:00:00:00:01:01) or an IPv4 address (10.0.1.1)");
        }
        List<Host> found;
        try {
            found = Ip4Address.looksLikeOne(key) ? t.hostsByIp(Ip4Address.parse(key)) : t.hostsByMac(MacAddress.parse(key));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(param + ": want a MAC address (02:00:00:00:01:01) or an IPv4 address (10.0.1.1); "
                    + e.getMessage());
        }
        if (found.isEmpty()) {
            throw new NotFoundException(param + ": no host with " + (Ip4Address.looksLikeOne(key) ? "IPv4 address " : "MAC address ")
                    + key.trim());
        }
        return found;
    }

    /** The one host with this key; 400 if the key names several (the same MAC in several VLANs). */
    public static Host findOne(Topology t, String param, String key) {
        List<Host> found = find(t, param, key);
        if (found.size() > 1) {
            throw new BadRequestException(param + ": " + key.trim() + " names " + found.size() + " hosts ("
                    + found.stream().map(h -> h.id().toString()).collect(Collectors.joining(", "))
                    + "); give one that names a single host");
        }
        return found.get(0);
    }
}
