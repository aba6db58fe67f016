package io.sluice.core.southbound;

import io.sluice.core.device.DeviceProviderService;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.stats.StatsProvider;

/**
 * Everything a kind of target supplies to drive its switches from core: a set of providers that
 * core calls (rules, frames out, counters) and, once started, reports in core's terms (switches and
 * ports to {@link DeviceProviderService}, frames in to {@link PacketProviderService}). A southbound
 * translates; it never decides. Queues come separately (a {@link io.sluice.core.qos.QueueProvider}), as
 * the target that holds the queues (OVSDB, say) is often not the one that holds the rules.
 */
public interface Southbound {
    /** A short name for logs and health ({@code openflow}, {@code p4runtime}). */
    String name();

    FlowRuleProvider flowRuleProvider();

    PacketProvider packetProvider();

    StatsProvider statsProvider();

    /**
     * Starts taking switches and reporting them and their frames to core. Called by core once it is
     * ready for them.
     *
     * @throws SouthboundStartException when it cannot start (an address in use, say); nothing is left running
     */
    void start(DeviceProviderService devices, PacketProviderService packets);

    /** Lets every switch go and stops reporting. */
    void stop();

    /** How it is doing, for health. */
    SouthboundStatus status();
}
