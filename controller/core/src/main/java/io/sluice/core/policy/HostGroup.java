package io.sluice.core.policy;

import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A named set of hosts, by MAC address or IPv4 prefix (an address is a /32). Immutable. */
public final class HostGroup {
    private final String name;
    private final Set<MacAddress> macs;
    private final Set<Ip4Prefix> prefixes;

    private HostGroup(String name, Set<MacAddress> macs, Set<Ip4Prefix> prefixes) {
        this.name = Objects.requireNonNull(name, "name");
        this.macs = Set.copyOf(macs);
        this.prefixes = Set.copyOf(prefixes);
    }

    public static HostGroup of(String name, Set<MacAddress> macs, Set<Ip4Prefix> prefixes) {
        return new HostGroup(name, macs, prefixes);
    }

    public String name() {
        return name;
    }

    public Set<MacAddress> macs() {
        return macs;
    }

    public Set<Ip4Prefix> prefixes() {
        return prefixes;
    }

    /** Whether a host with this MAC (may be null) and address (may be null) belongs. */
    public boolean contains(MacAddress mac, Ip4Address ip) {
        if (mac != null && macs.contains(mac)) {
            return true;
        }
        if (ip != null) {
            for (Ip4Prefix p : prefixes) {
                if (p.contains(ip)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Members in a stable order, as text: MACs then prefixes. */
    public List<String> members() {
        Set<String> out = new TreeSet<>();
        macs.forEach(m -> out.add(m.toString()));
        prefixes.forEach(p -> out.add(p.toString()));
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostGroup && ((HostGroup) o).name.equals(name) && ((HostGroup) o).macs.equals(macs)
                && ((HostGroup) o).prefixes.equals(prefixes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, macs, prefixes);
    }

    @Override
    public String toString() {
        return name + " " + members();
    }
}
