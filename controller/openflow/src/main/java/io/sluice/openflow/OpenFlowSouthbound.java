package io.sluice.openflow;

import io.sluice.core.device.DeviceProviderService;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.southbound.Southbound;
import io.sluice.core.southbound.SouthboundStatus;
import io.sluice.core.stats.StatsProvider;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.openflow.flow.OpenFlowRuleProvider;
import io.sluice.openflow.packet.OpenFlowPacketProvider;
import io.sluice.openflow.stats.OpenFlowStatsProvider;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * OpenFlow 1.3 as one of core's southbounds: the Netty server that takes switches, the session
 * registry (device provider), and the rule, packet and statistics providers that translate core's
 * requests into OpenFlow messages and back.
 */
public final class OpenFlowSouthbound implements Southbound {
    private final OpenFlowController controller = new OpenFlowController();
    private final OpenFlowServer server;
    private final OpenFlowRuleProvider rules = new OpenFlowRuleProvider(controller);
    private final OpenFlowPacketProvider packets = new OpenFlowPacketProvider(controller::getSwitch);
    private final OpenFlowStatsProvider stats = new OpenFlowStatsProvider(controller::getSwitch);

    /** @param workerThreads session event loops; 0 lets Netty choose (two per core) */
    public OpenFlowSouthbound(List<InetSocketAddress> listen, OpenFlowSettings settings, int workerThreads) {
        this.server = new OpenFlowServer(listen, settings, controller, workerThreads);
    }

    @Override
    public String name() {
        return "openflow";
    }

    @Override
    public FlowRuleProvider flowRuleProvider() {
        return rules;
    }

    @Override
    public PacketProvider packetProvider() {
        return packets;
    }

    @Override
    public StatsProvider statsProvider() {
        return stats;
    }

    @Override
    public void start(DeviceProviderService devices, PacketProviderService frames) {
        controller.reportTo(devices);
        packets.reportTo(frames);
        controller.addMessageListener(packets);
        try {
            server.start();
        } catch (RuntimeException e) {
            controller.removeMessageListener(packets);
            throw e;
        }
    }

    @Override
    public void stop() {
        server.stop();
        controller.removeMessageListener(packets);
        packets.reportTo(null);
    }

    @Override
    public SouthboundStatus status() {
        List<String> listening = server.boundAddresses().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).collect(Collectors.toList());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("listening", listening);
        details.put("switches", controller.getSwitches().size());
        details.put("closedConnections", controller.closedConnections());
        details.put("packetIns", controller.packetIns());
        return SouthboundStatus.of(!listening.isEmpty(), details);
    }

    /** The session registry, for tests and tools that drive switches directly. */
    public OpenFlowController controller() {
        return controller;
    }

    /** The listener, for tests that need the ports it bound. */
    public OpenFlowServer server() {
        return server;
    }
}
