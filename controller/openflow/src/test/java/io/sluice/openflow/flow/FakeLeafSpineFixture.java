package io.sluice.openflow.flow;

import io.sluice.openflow.Dpid;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.route.impl.HopCountPlanner;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.impl.TopologyManager;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.fake.FakeFabric;
import io.sluice.openflow.fake.FakeOpenFlowException;
import io.sluice.openflow.fake.FakeOpenFlowSwitch;
import io.sluice.openflow.fake.FakeSwitchTables;
import io.sluice.openflow.pipeline.BasePipeline;
import io.sluice.openflow.pipeline.SwitchCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.EthType;
import org.projectfloodlight.openflow.types.IPv4Address;

/**
 * The fixture of the fake-fabric tests. Core's routes, translated to FLOW_MODs, applied to a fake OpenFlow 1.3 pipeline per switch of a
 * looped leaf-spine (2 spines, 4 leaves, 2 hosts each) on top of the base pipeline: packets are
 * traced through the tables and across the cables. The real discovery-side services (inventory,
 * topology) feed the real route and rule managers; only the switches are fakes.
 */
abstract class FakeLeafSpineFixture {
    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    static final int SPINES = 2;
    static final int LEAVES = 4;
    static final int HOSTS_PER_LEAF = 2;

    final FakeFabric fabric = new FakeFabric();
    final Map<DeviceId, FakeOpenFlowSwitch> switches = new HashMap<>();
    final DeviceManager devices = new DeviceManager();
    final TopologyManager topology = new TopologyManager(devices, PortSpeedOverrides.NONE, Clock.systemUTC());
    final FlowRuleManager flowRules = new FlowRuleManager(
            new OpenFlowRuleProvider(id -> Optional.ofNullable(switches.get(id))), devices);
    final RouteManager routes = new RouteManager(topology, flowRules, new HopCountPlanner(), Duration.ofSeconds(5));
    final List<Host> hosts = new ArrayList<>();

    record Host(MacAddress mac, Ip4Address ip, ConnectPoint at) {
    }

    static DeviceId spine(int i) {
        return Dpid.deviceId(0x100 + i);
    }

    static DeviceId leaf(int j) {
        return Dpid.deviceId(0x200 + j);
    }

    @BeforeEach
    void buildFabric() throws FakeOpenFlowException {
        for (int i = 1; i <= SPINES; i++) {
            addSwitch(spine(i), LEAVES);
        }
        for (int j = 1; j <= LEAVES; j++) {
            addSwitch(leaf(j), SPINES + HOSTS_PER_LEAF);
            for (int i = 1; i <= SPINES; i++) {
                fabric.cable(ConnectPoint.of(leaf(j), i), ConnectPoint.of(spine(i), j));
            }
            for (int k = 1; k <= HOSTS_PER_LEAF; k++) {
                hosts.add(new Host(MacAddress.of(0x0200_0000_0000L | (j << 8) | k), Ip4Address.parse("10.0." + j + "." + k),
                        ConnectPoint.of(leaf(j), SPINES + k)));
            }
        }
    }

    private void addSwitch(DeviceId id, int portCount) throws FakeOpenFlowException {
        long[] ports = new long[portCount];
        Device.Builder d = Device.builder(id).protocol("OpenFlow 1.3").tableCount(254);
        for (int p = 1; p <= portCount; p++) {
            ports[p - 1] = p;
            d.port(Port.builder(p).name("p" + p).adminUp(true).linkUp(true).build());
        }
        FakeSwitchTables tables = fabric.addSwitch(id, ports);
        SwitchCapabilities ovs = new SwitchCapabilities(254, 200_000, true, true, true, 1, Set.of());
        for (OFMessage m : BasePipeline.messages(OF13, OpenFlowSettings.defaults(), ovs)) {
            tables.apply(m);
        }
        switches.put(id, new FakeOpenFlowSwitch(tables));
        devicesToConnect.add(d.build());
    }

    private final List<Device> devicesToConnect = new ArrayList<>();

    /** What discovery would report: switches, links both ways, every host once. */
    void discover() throws InterruptedException {
        topology.activate();
        flowRules.activate();
        routes.activate();
        devicesToConnect.forEach(devices::deviceConnected);
        for (int j = 1; j <= LEAVES; j++) {
            for (int i = 1; i <= SPINES; i++) {
                topology.linkDetected(ConnectPoint.of(leaf(j), i), ConnectPoint.of(spine(i), j));
                topology.linkDetected(ConnectPoint.of(spine(i), j), ConnectPoint.of(leaf(j), i));
            }
        }
        hosts.forEach(h -> topology.hostSeen(h.mac(), 0, h.ip(), IpSource.ARP, h.at()));
        routed();
    }

    @AfterEach
    void stop() {
        routes.deactivate();
        flowRules.deactivate();
        topology.deactivate();
    }

    /** Waits (bounded) until a complete routing run has seen the current topology. */
    void routed() throws InterruptedException {
        long version = topology.currentTopology().version();
        until("routes for topology v" + version, () -> routes.lastRun()
                .map(r -> r.topologyVersion() >= version && r.complete()).orElse(false));
    }

    static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    static Match ipv4(Host from, Host to) {
        return OF13.buildMatch()
                .setExact(MatchField.ETH_SRC, org.projectfloodlight.openflow.types.MacAddress.of(from.mac().toLong()))
                .setExact(MatchField.ETH_DST, org.projectfloodlight.openflow.types.MacAddress.of(to.mac().toLong()))
                .setExact(MatchField.ETH_TYPE, EthType.IPv4)
                .setExact(MatchField.IPV4_SRC, IPv4Address.of(from.ip().toInt()))
                .setExact(MatchField.IPV4_DST, IPv4Address.of(to.ip().toInt()))
                .build();
    }

}
