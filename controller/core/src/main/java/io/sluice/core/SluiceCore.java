package io.sluice.core;

import io.sluice.core.classify.ClassificationModeService;
import io.sluice.core.classify.FlowTrackingService;
import io.sluice.core.classify.impl.ClassificationModeManager;
import io.sluice.core.classify.impl.FlowTracker;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.discovery.HostDiscoveryService;
import io.sluice.core.discovery.LinkDiscoveryService;
import io.sluice.core.discovery.impl.HostDiscovery;
import io.sluice.core.discovery.impl.LinkDiscovery;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.forward.ForwardingService;
import io.sluice.core.forward.impl.FlowAdmission;
import io.sluice.core.forward.impl.ForwardingCounters;
import io.sluice.core.forward.impl.ProxyArp;
import io.sluice.core.forward.impl.UnroutedFrames;
import io.sluice.core.packet.FloodMemory;
import io.sluice.core.packet.PacketDispatch;
import io.sluice.core.packet.PacketService;
import io.sluice.core.packet.impl.PacketManager;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyCodec;
import io.sluice.core.policy.service.PolicyListener;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.core.qos.QueueProvider;
import io.sluice.core.qos.impl.QueueManager;
import io.sluice.core.route.RouteService;
import io.sluice.core.classify.ClassificationModeListener;
import io.sluice.core.route.impl.HopCountPlanner;
import io.sluice.core.route.impl.PolicyRouting;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.core.southbound.Southbound;
import io.sluice.core.southbound.SouthboundStatus;
import io.sluice.core.stats.LinkStatsService;
import io.sluice.core.stats.impl.LinkStatsManager;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.topology.impl.TopologyManager;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core, assembled: every manager built and wired once, from one southbound's providers. The one
 * class outside core's {@code impl} packages that knows the implementations; everything else sees
 * services. A second target supplies its own {@link Southbound}; nothing here changes.
 *
 * <p>{@link #start()} brings core up in the order its parts need (the policy in force, queues,
 * routing with the policy, rules, discovery, the packet dispatch, statistics), then starts the
 * southbound, so the first switch already meets all of it; {@link #stop()} lets the switches go
 * first, then stops the rest.
 */
public final class SluiceCore {
    private static final Logger log = LoggerFactory.getLogger(SluiceCore.class);
    private static final long DISCOVERY_TICK_MS = 100;

    private final Southbound southbound;
    private final PolicyManager policies;
    private final ClassificationModeManager classification;
    private final PolicyRouting policyRouting;
    private final QueueManager queues;
    private final PolicyListener policyListener;
    private final ClassificationModeListener modeListener;
    private final DeviceManager devices;
    private final TopologyManager topology;
    private final FlowRuleManager flowRules;
    private final RouteManager routes;
    private final PacketManager packets;
    private final LinkDiscovery linkDiscovery;
    private final HostDiscovery hostDiscovery;
    private final ForwardingCounters forwarding;
    private final PacketDispatch dispatch;
    private final LinkStatsManager stats;
    private final FlowTracker flows;
    private ScheduledExecutorService discoveryTimer;
    /** NEW, then STARTED, then STOPPED: a core runs once (its store and threads do not come back). */
    private State state = State.NEW;

    private enum State { NEW, STARTED, STOPPED }

    /**
     * @param policyStore   where policy versions are kept (SQLite in the standalone controller, memory in tests)
     * @param codec         reads and writes policy documents (the policy-codec module's)
     * @param defaultPolicy the policy an empty store starts with, as version 1
     * @param queues        what configures egress queues on the switches' ports, if anything does
     */
    public SluiceCore(CoreSettings settings, Southbound southbound, PolicyStore policyStore, PolicyCodec codec,
            Policy defaultPolicy, Optional<QueueProvider> queues) {
        this.southbound = southbound;
        policies = new PolicyManager(policyStore, codec, defaultPolicy);
        classification = new ClassificationModeManager(policies, settings.classify());
        devices = new DeviceManager();
        topology = new TopologyManager(devices, settings.portSpeeds(), settings.clock());
        flowRules = new FlowRuleManager(southbound.flowRuleProvider(), devices);
        routes = new RouteManager(topology, flowRules, new HopCountPlanner(), settings.requestTimeout());
        packets = new PacketManager(southbound.packetProvider(), flowRules);
        linkDiscovery = new LinkDiscovery(packets, devices, topology, settings.discovery(), settings.nanoClock());
        // One memory of what the controller flooded, so its echoes are neither flooded again nor learnt from.
        FloodMemory floods = new FloodMemory(CoreSettings.FLOOD_MEMORY.toNanos(), settings.nanoClock());
        hostDiscovery = new HostDiscovery(packets, topology, topology, floods, settings.discovery(), settings.clock(),
                settings.nanoClock());
        forwarding = new ForwardingCounters();
        stats = new LinkStatsManager(topology, flowRules, southbound.statsProvider(),
                () -> classification.applied(policies.current().policy()), settings.statsInterval());
        routes.useLoad(stats);
        stats.addLoadShiftListener(routes::loadChanged);
        flows = new FlowTracker(flowRules, classification::inForce, settings.flowIdleTimeout(), settings.clock(),
                settings.nanoClock());
        // A new policy or a classification switch: every tracked flow is decided again.
        policyListener = now -> flows.policyChanged();
        modeListener = why -> flows.policyChanged();
        policyRouting = new PolicyRouting(policies, routes, classification);
        this.queues = queues.map(q -> new QueueManager(q, policies, devices, settings.queueLinkBps(),
                settings.removeQueuesOnShutdown())).orElse(null);
        stats.addReadingListener(flows::countersRead);
        devices.addListener(e -> {
            if (e.type() == DeviceEvent.Type.DEVICE_REMOVED) {
                flows.forget(e.subject().id());
            }
        });
        dispatch = PacketDispatch.of(linkDiscovery, hostDiscovery,
                new ProxyArp(packets, topology, routes, forwarding, CoreSettings.ARP_ROUTE_WAIT, floods),
                new FlowAdmission(packets, flows, forwarding),
                new UnroutedFrames(packets, topology, forwarding, floods));
        topology.activate();
    }

    /**
     * Brings core up, then the southbound.
     *
     * @throws IllegalStateException if it was started before (a core runs once)
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("core was started before (" + state + "); a core runs once");
        }
        state = State.STARTED;
        try {
            startInOrder();
        } catch (RuntimeException e) {
            // Whatever had started stops again (a southbound that failed to start cleans up after
            // itself); the cause is what the caller hears.
            state = State.STOPPED;
            stopAll(false);
            throw e;
        }
        log.info("core: started on the {} southbound", southbound.name());
    }

    private void startInOrder() {
        // A policy in force before anything else: no switch is served without one.
        policies.activate();
        if (queues != null) {
            queues.activate();
        }
        // Routing has the policy before it is activated, so a switch's first routes follow it.
        policyRouting.activate();
        policies.addListener(policyListener);
        classification.addListener(modeListener);
        flowRules.activate();
        routes.activate();
        linkDiscovery.start();
        discoveryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sluice-discovery");
            t.setDaemon(true);
            return t;
        });
        discoveryTimer.scheduleAtFixedRate(this::discoveryTick, DISCOVERY_TICK_MS, DISCOVERY_TICK_MS,
                TimeUnit.MILLISECONDS);
        packets.dispatchTo(dispatch);
        stats.activate();
        southbound.start(devices, packets);
    }

    /**
     * Lets the switches go, then stops core. Every step is taken even when one before it fails (each
     * failure is logged), so a fault in one part never leaves timers running or queues behind.
     * Stopping a core that is not running does nothing.
     */
    public synchronized void stop() {
        if (state != State.STARTED) {
            return;
        }
        state = State.STOPPED;
        stopAll(true);
    }

    /** Stops every part, each step logged if it fails and never keeping the next from running. */
    private void stopAll(boolean letSwitchesGo) {
        boolean interrupted = false;
        // Statistics first: no counter round against switches being let go.
        step("statistics", stats::deactivate);
        if (letSwitchesGo) {
            step("the " + southbound.name() + " southbound", southbound::stop);
        }
        step("packet dispatch", () -> packets.dispatchTo(PacketDispatch.none()));
        if (discoveryTimer != null) {
            discoveryTimer.shutdownNow();
            try {
                discoveryTimer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true; // restored once everything has stopped: queue removal must not see it
            }
            discoveryTimer = null;
        }
        step("link discovery", linkDiscovery::stop);
        step("routing", routes::deactivate);
        step("rule bookkeeping", flowRules::deactivate);
        step("flow tracking", () -> {
            classification.removeListener(modeListener);
            policies.removeListener(policyListener);
        });
        step("policy routing", policyRouting::deactivate);
        if (queues != null) {
            step("queues", queues::deactivate);
        }
        step("the policy store", policies::deactivate);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            log.error("core: stopping {} failed, carrying on with the rest", what, e);
        }
    }

    /** A periodic task that throws is never run again: log and carry on instead. */
    private void discoveryTick() {
        try {
            linkDiscovery.tick();
            hostDiscovery.tick();
        } catch (RuntimeException e) {
            log.error("discovery timer: fault, carrying on", e);
        }
    }

    public PolicyService policies() {
        return policies;
    }

    public ClassificationModeService classification() {
        return classification;
    }

    public DeviceService devices() {
        return devices;
    }

    public TopologyService topology() {
        return topology;
    }

    public FlowRuleService flowRules() {
        return flowRules;
    }

    public RouteService routes() {
        return routes;
    }

    public PacketService packets() {
        return packets;
    }

    public LinkDiscoveryService linkDiscovery() {
        return linkDiscovery;
    }

    public HostDiscoveryService hostDiscovery() {
        return hostDiscovery;
    }

    public ForwardingService forwarding() {
        return forwarding;
    }

    public LinkStatsService stats() {
        return stats;
    }

    public FlowTrackingService flows() {
        return flows;
    }

    public SouthboundStatus southboundStatus() {
        return southbound.status();
    }

    public String southboundName() {
        return southbound.name();
    }
}
