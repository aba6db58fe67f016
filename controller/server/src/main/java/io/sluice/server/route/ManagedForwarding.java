package io.sluice.server.route;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.forward.FlowAdmission;
import io.sluice.openflow.forward.ProxyArp;
import io.sluice.openflow.forward.UnroutedFrames;

/**
 * Runs forwarding with the application: rule bookkeeping, proactive routes, and the packet-in
 * handlers for ARP and unrouted frames. Start it after discovery, so hosts are learnt from a
 * packet-in before forwarding looks at it.
 */
public final class ManagedForwarding implements Managed {
    private final FlowRuleManager flowRules;
    private final RouteManager routes;
    private final OpenFlowController controller;
    private final ProxyArp arp;
    private final UnroutedFrames unrouted;
    private final FlowAdmission admission;

    public ManagedForwarding(FlowRuleManager flowRules, RouteManager routes, OpenFlowController controller,
            ProxyArp arp, UnroutedFrames unrouted, FlowAdmission admission) {
        this.admission = admission;
        this.flowRules = flowRules;
        this.routes = routes;
        this.controller = controller;
        this.arp = arp;
        this.unrouted = unrouted;
    }

    @Override
    public void start() {
        flowRules.activate();
        routes.activate();
        controller.addMessageListener(arp);
        controller.addMessageListener(unrouted);
        controller.addMessageListener(admission);
    }

    @Override
    public void stop() {
        controller.removeMessageListener(admission);
        controller.removeMessageListener(unrouted);
        controller.removeMessageListener(arp);
        routes.deactivate();
        flowRules.deactivate();
    }
}
