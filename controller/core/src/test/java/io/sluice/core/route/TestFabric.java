package io.sluice.core.route;

import io.sluice.core.device.Ids;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fabrics built in code for routing tests: switches get ports as cables and hosts are attached,
 * so the resulting {@link Topology} looks like one discovery would produce.
 */
public final class TestFabric {
    private final Map<DeviceId, List<Long>> ports = new LinkedHashMap<>();
    private final List<Link> links = new ArrayList<>();
    private final List<Host> hosts = new ArrayList<>();
    private long version = 1;

    public DeviceId addSwitch(long dpid) {
        DeviceId id = Ids.of(dpid);
        ports.putIfAbsent(id, new ArrayList<>());
        return id;
    }

    /** A cable between two switches: a link each way, on the next free port of each. */
    public TestFabric cable(DeviceId a, DeviceId b) {
        ConnectPoint pa = ConnectPoint.of(a, nextPort(a));
        ConnectPoint pb = ConnectPoint.of(b, nextPort(b));
        links.add(Link.of(pa, pb, 10_000_000_000L));
        links.add(Link.of(pb, pa, 10_000_000_000L));
        return this;
    }

    /** A host on the next free port of {@code sw}; MAC and IP derived from {@code n}. */
    public Host host(DeviceId sw, int n) {
        ConnectPoint at = ConnectPoint.of(sw, nextPort(sw));
        Host h = Host.of(HostId.of(MacAddress.of(0x0200_0000_0000L + n), HostId.UNTAGGED),
                Set.of(Ip4Address.of(0x0A00_0000 + n)), at);
        hosts.add(h);
        return h;
    }

    /** Takes out both directions of the cable between {@code a} and {@code b}. */
    public TestFabric cut(DeviceId a, DeviceId b) {
        links.removeIf(l -> (l.src().deviceId().equals(a) && l.dst().deviceId().equals(b))
                || (l.src().deviceId().equals(b) && l.dst().deviceId().equals(a)));
        return this;
    }

    public List<Link> links() {
        return links;
    }

    public Topology topology() {
        List<Device> devices = new ArrayList<>();
        ports.forEach((id, ps) -> {
            Device.Builder b = Device.builder(id).protocol("test").remoteAddress("test").tableCount(2);
            ps.forEach(p -> b.port(Port.builder(p).name("p" + p).linkUp(true).adminUp(true).build()));
            devices.add(b.build());
        });
        return Topology.of(version++, devices, links, hosts);
    }

    private long nextPort(DeviceId sw) {
        List<Long> ps = ports.computeIfAbsent(sw, k -> new ArrayList<>());
        long p = ps.size() + 1;
        ps.add(p);
        return p;
    }

    // ---- shapes ----

    /** Spines 0x100+i, leaves 0x200+j, every leaf cabled to every spine, {@code hostsPerLeaf} hosts each. */
    public static TestFabric leafSpine(int spines, int leaves, int hostsPerLeaf) {
        TestFabric f = new TestFabric();
        for (int i = 1; i <= spines; i++) {
            f.addSwitch(0x100 + i);
        }
        for (int j = 1; j <= leaves; j++) {
            DeviceId leaf = f.addSwitch(0x200 + j);
            for (int i = 1; i <= spines; i++) {
                f.cable(leaf, Ids.of(0x100 + i));
            }
        }
        for (int j = 1; j <= leaves; j++) {
            for (int k = 1; k <= hostsPerLeaf; k++) {
                f.host(Ids.of(0x200 + j), j * 256 + k);
            }
        }
        return f;
    }

    /** Switches 1..n in a ring, one host each. */
    public static TestFabric ring(int n) {
        TestFabric f = new TestFabric();
        for (int i = 1; i <= n; i++) {
            f.addSwitch(i);
        }
        for (int i = 1; i <= n; i++) {
            f.cable(Ids.of(i), Ids.of(i % n + 1));
        }
        for (int i = 1; i <= n; i++) {
            f.host(Ids.of(i), i);
        }
        return f;
    }

    /**
     * A k-ary fat-tree: (k/2)^2 cores (0x1000+c), k pods of k/2 aggregation (0x2000+pod*16+a) and
     * k/2 edge switches (0x3000+pod*16+e), k/2 hosts per edge switch.
     */
    public static TestFabric fatTree(int k) {
        TestFabric f = new TestFabric();
        int half = k / 2;
        for (int c = 0; c < half * half; c++) {
            f.addSwitch(0x1000 + c);
        }
        for (int pod = 0; pod < k; pod++) {
            for (int a = 0; a < half; a++) {
                DeviceId agg = f.addSwitch(0x2000 + pod * 16 + a);
                for (int c = 0; c < half; c++) {
                    f.cable(agg, Ids.of(0x1000 + a * half + c));
                }
            }
            for (int e = 0; e < half; e++) {
                DeviceId edge = f.addSwitch(0x3000 + pod * 16 + e);
                for (int a = 0; a < half; a++) {
                    f.cable(edge, Ids.of(0x2000 + pod * 16 + a));
                }
                for (int h = 0; h < half; h++) {
                    f.host(edge, pod * 256 + e * 16 + h + 1);
                }
            }
        }
        return f;
    }
}
