package io.sluice.bench.route;

import io.sluice.openflow.Dpid;
import io.sluice.bench.emulator.FabricShape;
import io.sluice.bench.emulator.HostFrames;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topology a controller would hold once it had discovered an emulated {@link FabricShape}: its
 * switches with every port up, a directed 10 Gbit/s link per cable end, and a host on every host
 * port (the emulator's addresses). The core benchmarks plan and compile on it.
 */
public final class ShapeTopology {
    private ShapeTopology() {
    }

    public static Topology of(FabricShape shape) {
        List<Device> devices = new ArrayList<>();
        for (Map.Entry<Long, Integer> sw : shape.switches().entrySet()) {
            Device.Builder b = Device.builder(Dpid.deviceId(sw.getKey())).protocol("emulated").remoteAddress("bench")
                    .tableCount(2);
            for (long p = 1; p <= sw.getValue(); p++) {
                b.port(Port.builder(p).name("p" + p).linkUp(true).adminUp(true).build());
            }
            devices.add(b.build());
        }
        List<Link> links = new ArrayList<>();
        shape.cables().forEach((a, b) -> links.add(Link.of(point(a), point(b), 10_000_000_000L)));
        List<Host> hosts = new ArrayList<>();
        List<FabricShape.SwitchPort> at = shape.hostPorts();
        for (int n = 0; n < at.size(); n++) {
            hosts.add(Host.of(HostId.of(MacAddress.of(HostFrames.mac(n)), HostId.UNTAGGED),
                    Set.of(Ip4Address.of(HostFrames.ip(n))), point(at.get(n))));
        }
        return Topology.of(1, devices, links, hosts);
    }

    private static ConnectPoint point(FabricShape.SwitchPort p) {
        return ConnectPoint.of(Dpid.deviceId(p.dpid()), p.port());
    }
}
