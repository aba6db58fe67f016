package io.sluice.bench.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The switches, cables and host ports of an emulated fabric. Ports are numbered from 1 on each
 * switch: uplinks and cables first, host ports after. Immutable once built.
 */
public final class FabricShape {
    /** One switch port. */
    public record SwitchPort(long dpid, int port) {
        @Override
        public String toString() {
            return Long.toHexString(dpid) + "/" + port;
        }
    }

    private final Map<Long, Integer> portCounts;
    private final Map<SwitchPort, SwitchPort> cables;
    private final List<SwitchPort> hostPorts;
    private final String name;

    private FabricShape(String name, Map<Long, Integer> portCounts, Map<SwitchPort, SwitchPort> cables,
            List<SwitchPort> hostPorts) {
        this.name = name;
        this.portCounts = Collections.unmodifiableMap(new LinkedHashMap<>(portCounts));
        this.cables = Collections.unmodifiableMap(new LinkedHashMap<>(cables));
        this.hostPorts = List.copyOf(hostPorts);
    }

    /**
     * Spines 0x100+i and leaves 0x200+j (dpids 0x10000+ for more than 255 of either), every leaf
     * cabled to every spine, {@code hostsPerLeaf} host ports on each leaf.
     */
    public static FabricShape leafSpine(int spines, int leaves, int hostsPerLeaf) {
        return leafSpine(spines, leaves, hostsPerLeaf, leaves);
    }

    /**
     * As {@link #leafSpine(int, int, int)}, with hosts on the first {@code hostLeaves} leaves only: a
     * large fabric with few hosts, whose per-host routes stay few while its flows are many.
     */
    public static FabricShape leafSpine(int spines, int leaves, int hostsPerLeaf, int hostLeaves) {
        if (spines < 1 || leaves < 1 || hostsPerLeaf < 0) {
            throw new IllegalArgumentException("a leaf-spine needs at least one spine and one leaf");
        }
        if (hostLeaves < 0 || hostLeaves > leaves) {
            throw new IllegalArgumentException("--host-leaves: 0 to " + leaves + ", got " + hostLeaves);
        }
        Map<Long, Integer> ports = new LinkedHashMap<>();
        Map<SwitchPort, SwitchPort> cables = new LinkedHashMap<>();
        List<SwitchPort> hosts = new ArrayList<>();
        for (int i = 1; i <= spines; i++) {
            ports.put(spine(i), leaves);
        }
        for (int j = 1; j <= leaves; j++) {
            long leaf = leaf(j);
            int here = j <= hostLeaves ? hostsPerLeaf : 0;
            ports.put(leaf, spines + here);
            for (int i = 1; i <= spines; i++) {
                SwitchPort up = new SwitchPort(leaf, i);
                SwitchPort down = new SwitchPort(spine(i), j);
                cables.put(up, down);
                cables.put(down, up);
            }
            for (int k = 1; k <= here; k++) {
                hosts.add(new SwitchPort(leaf, spines + k));
            }
        }
        return new FabricShape("leaf-spine " + spines + "x" + leaves + "x" + hostsPerLeaf
                + (hostLeaves < leaves ? " (hosts on " + hostLeaves + " leaves)" : ""), ports, cables, hosts);
    }

    /**
     * A k-ary fat tree (Al-Fares et al.): k pods of k/2 edge and k/2 aggregation switches, (k/2)^2
     * cores; every edge switch cabled to every aggregation switch of its pod, aggregation switch i of
     * each pod to cores i*k/2 .. i*k/2 + k/2 - 1. {@code hostsPerEdge} host ports on each edge switch
     * (k/2 in the textbook tree). k = 28 gives 980 switches. Cores are 0x3_0000_0000+n,
     * aggregation 0x4_0000_0000+n, edge 0x5_0000_0000+n.
     */
    public static FabricShape fatTree(int k, int hostsPerEdge) {
        if (k < 2 || k % 2 != 0 || hostsPerEdge < 0) {
            throw new IllegalArgumentException("a fat tree needs an even k of 2 or more, got k=" + k);
        }
        int half = k / 2;
        Map<Long, Integer> ports = new LinkedHashMap<>();
        Map<SwitchPort, SwitchPort> cables = new LinkedHashMap<>();
        List<SwitchPort> hosts = new ArrayList<>();
        for (int c = 0; c < half * half; c++) {
            ports.put(core(c), k); // one port per pod
        }
        for (int pod = 0; pod < k; pod++) {
            for (int a = 0; a < half; a++) {
                long agg = aggregation(pod * half + a);
                ports.put(agg, k); // up: half cores, down: half edges
                for (int j = 0; j < half; j++) {
                    int c = a * half + j;
                    cable(cables, new SwitchPort(agg, j + 1), new SwitchPort(core(c), pod + 1));
                }
            }
            for (int e = 0; e < half; e++) {
                long edge = edge(pod * half + e);
                ports.put(edge, half + hostsPerEdge);
                for (int a = 0; a < half; a++) {
                    cable(cables, new SwitchPort(edge, a + 1), new SwitchPort(aggregation(pod * half + a), half + e + 1));
                }
                for (int h = 1; h <= hostsPerEdge; h++) {
                    hosts.add(new SwitchPort(edge, half + h));
                }
            }
        }
        return new FabricShape("fat-tree k=" + k + " x" + hostsPerEdge, ports, cables, hosts);
    }

    private static void cable(Map<SwitchPort, SwitchPort> cables, SwitchPort a, SwitchPort b) {
        cables.put(a, b);
        cables.put(b, a);
    }

    static long core(int n) {
        return 0x3_0000_0000L + n;
    }

    static long aggregation(int n) {
        return 0x4_0000_0000L + n;
    }

    static long edge(int n) {
        return 0x5_0000_0000L + n;
    }

    static long spine(int i) {
        return i <= 0xFF ? 0x100 + i : 0x1_0000L + i;
    }

    static long leaf(int j) {
        return j <= 0xFF ? 0x200 + j : 0x2_0000_0000L + j;
    }

    public String name() {
        return name;
    }

    /** Every switch's datapath id and its number of ports. */
    public Map<Long, Integer> switches() {
        return portCounts;
    }

    /** Both ends of every cable: each port to the port at the other end. */
    public Map<SwitchPort, SwitchPort> cables() {
        return cables;
    }

    /** Directed links a controller should discover: two per cable. */
    public int directedLinks() {
        return cables.size();
    }

    /** Ports with a host behind them. */
    public List<SwitchPort> hostPorts() {
        return hostPorts;
    }

    @Override
    public String toString() {
        return name + " (" + portCounts.size() + " switches, " + cables.size() / 2 + " cables, " + hostPorts.size()
                + " host ports)";
    }
}
