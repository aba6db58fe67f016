package io.sluice.server;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.route.impl.HopCountPlanner;
import io.sluice.core.classify.impl.ClassificationModeManager;
import io.sluice.core.classify.impl.FlowTracker;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.policy.PolicyService;
import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.policy.codec.DefaultPolicy;
import io.sluice.policy.codec.JacksonPolicyCodec;
import io.sluice.core.route.impl.PolicyRouting;
import io.sluice.core.route.impl.RouteManager;
import io.sluice.core.stats.impl.LinkStatsManager;
import io.sluice.core.topology.impl.TopologyManager;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.flow.InstalledFlows;
import io.sluice.openflow.flow.OpenFlowRuleProvider;
import io.sluice.openflow.stats.OpenFlowStatsProvider;
import io.sluice.openflow.forward.ForwardingCounters;
import io.sluice.openflow.forward.FlowAdmission;
import io.sluice.openflow.forward.ProxyArp;
import io.sluice.openflow.forward.UnroutedFrames;
import io.sluice.openflow.packet.FloodMemory;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.openflow.discovery.HostDiscovery;
import io.sluice.openflow.discovery.LinkDiscovery;
import io.sluice.server.cli.PlainErrorServerCommand;
import io.sluice.server.discovery.DiscoveryConfig;
import io.sluice.server.discovery.ManagedDiscovery;
import io.sluice.server.health.HealthResource;
import io.sluice.server.health.OpenFlowHealthCheck;
import io.sluice.server.openflow.ManagedOpenFlowServer;
import io.sluice.server.openflow.OpenFlowConfig;
import io.sluice.server.policy.ClassifyResource;
import io.sluice.server.policy.PolicyAuth;
import io.sluice.server.policy.PolicyConfig;
import io.sluice.server.policy.ManagedPolicies;
import io.sluice.server.policy.PolicyResource;
import io.sluice.server.policy.ManagedPolicyRouting;
import io.sluice.server.policy.store.SqlitePolicyStore;
import io.sluice.server.qos.ManagedQueues;
import io.sluice.server.flows.FlowsResource;
import io.sluice.server.stats.LinkStatsResource;
import io.sluice.server.stats.ManagedStats;
import io.sluice.server.qos.ClassificationResource;
import io.sluice.server.qos.QosResource;
import io.sluice.server.route.ManagedForwarding;
import io.sluice.server.route.PathResource;
import io.sluice.server.route.RoutingResource;
import io.sluice.server.route.SwitchFlowsResource;
import io.sluice.server.switches.SwitchResource;
import io.sluice.server.topology.TopologyResource;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;

/** The Sluice controller as one process: core services, the OpenFlow southbound, the REST northbound. */
public class SluiceApplication extends Application<SluiceConfiguration> {
    /** How long an ARP answer waits for routes to its subject before it is sent anyway. */
    private static final Duration ARP_ROUTE_WAIT = Duration.ofMillis(500);
    /** How long a flooded frame is remembered: a copy within this time is an echo, not news. */
    private static final Duration FLOOD_MEMORY = Duration.ofSeconds(1);
    private DeviceManager devices;
    private TopologyManager topology;
    private LinkDiscovery linkDiscovery;
    private OpenFlowController openFlowController;
    private OpenFlowServer openFlowServer;
    private FlowRuleManager flowRules;
    private RouteManager routes;
    private LinkStatsManager stats;
    private FlowTracker flows;
    private ForwardingCounters forwarding;
    private PolicyManager policies;

    public static void main(String[] args) throws Exception {
        new SluiceApplication().run(args);
    }

    @Override
    public String getName() {
        return "sluice";
    }

    @Override
    protected void addDefaultCommands(Bootstrap<SluiceConfiguration> bootstrap) {
        bootstrap.addCommand(new PlainErrorServerCommand(this));
        bootstrap.addCommand(new CheckCommand<>(this));
    }

    @Override
    public void initialize(Bootstrap<SluiceConfiguration> bootstrap) {
        // Nothing to add yet: the dashboard's assets bundle arrives with the dashboard.
    }

    @Override
    public void run(SluiceConfiguration config, Environment env) {
        OpenFlowConfig of = config.getOpenflow();
        DiscoveryConfig discovery = config.getDiscovery();
        OpenFlowSettings ofSettings = of.toSettings();
        devices = new DeviceManager();
        topology = new TopologyManager(devices, discovery.portSpeeds(), Clock.systemUTC());
        topology.activate();
        openFlowController = new OpenFlowController(devices);
        linkDiscovery = new LinkDiscovery(openFlowController, devices, topology, discovery.toSettings(), System::nanoTime);
        // One memory of what the controller flooded, so its echoes are neither flooded again nor learnt from.
        FloodMemory floods = new FloodMemory(FLOOD_MEMORY.toNanos(), System::nanoTime);
        HostDiscovery hostDiscovery = new HostDiscovery(openFlowController, topology, topology, floods,
                discovery.toSettings(), Clock.systemUTC(), System::nanoTime);
        openFlowServer = new OpenFlowServer(of.listenAddresses(), ofSettings, openFlowController,
                of.getWorkerThreads());
        flowRules = new FlowRuleManager(new OpenFlowRuleProvider(openFlowController), devices);
        routes = new RouteManager(topology, flowRules, new HopCountPlanner(), ofSettings.requestTimeout());
        forwarding = new ForwardingCounters();
        ProxyArp arp = new ProxyArp(openFlowController::getSwitch, topology, routes, forwarding, ARP_ROUTE_WAIT,
                floods);
        UnroutedFrames unrouted = new UnroutedFrames(openFlowController::getSwitch, topology, forwarding, floods);
        PolicyConfig policyConfig = config.getPolicy();
        policies = new PolicyManager(SqlitePolicyStore.open(Path.of(policyConfig.getDatabase())),
                new JacksonPolicyCodec(), DefaultPolicy.policy());
        // Before the OpenFlow server: no switch is served before a policy is in force.
        env.lifecycle().manage(new ManagedPolicies(policies));
        env.lifecycle().manage(new ManagedQueues(config.getQos(), policies, devices));
        ClassificationModeManager classification = new ClassificationModeManager(policies, config.getQos().isClassify());
        env.lifecycle().manage(new ManagedPolicyRouting(new PolicyRouting(policies, routes, classification)));
        stats = new LinkStatsManager(topology, flowRules, new OpenFlowStatsProvider(openFlowController::getSwitch),
                () -> classification.applied(policies.current().policy()), Duration.ofNanos(config.getStats().getInterval().toNanoseconds()));
        routes.useLoad(stats);
        stats.addLoadShiftListener(routes::loadChanged);
        flows = new FlowTracker(flowRules, classification::inForce, Duration.ofNanos(config.getStats().getFlowIdleTimeout().toNanoseconds()), Clock.systemUTC(), System::nanoTime);
        stats.addReadingListener(flows::countersRead);
        policies.addListener(now -> flows.policyChanged());
        classification.addListener(why -> flows.policyChanged());
        devices.addListener(e -> {
            if (e.type() == DeviceEvent.Type.DEVICE_REMOVED) {
                flows.forget(e.subject().id());
            }
        });
        // Discovery first, so that it hears every switch the server then accepts; forwarding after
        // it, so a packet-in has taught discovery its sender before forwarding acts on it.
        env.lifecycle().manage(new ManagedDiscovery(linkDiscovery, hostDiscovery));
        env.lifecycle().manage(new ManagedForwarding(flowRules, routes, openFlowController, arp, unrouted,
                new FlowAdmission(flowRules, flows, forwarding)));
        env.lifecycle().manage(new ManagedOpenFlowServer(openFlowServer));
        // After the server: stopped before it, so no poll runs against switches being let go.
        env.lifecycle().manage(new ManagedStats(stats));

        env.jersey().register(new PolicyAuth(policyConfig.getToken()));
        env.jersey().register(new PolicyResource(policies));
        env.jersey().register(new ClassifyResource(policies, flowRules, topology, classification));
        env.jersey().register(new QosResource(policies));
        env.jersey().register(new ClassificationResource(classification, policies));
        env.jersey().register(new LinkStatsResource(stats));
        env.jersey().register(new FlowsResource(flows, flowRules, topology, policies));
        env.jersey().register(new SwitchResource(devices));
        env.jersey().register(new TopologyResource(topology));
        env.jersey().register(new PathResource(topology, routes));
        env.jersey().register(new RoutingResource(devices, flowRules, routes));
        env.jersey().register(new SwitchFlowsResource(new InstalledFlows(openFlowController, flowRules),
                ofSettings.requestTimeout()));
        env.jersey().register(new HealthResource(openFlowServer, openFlowController, devices, linkDiscovery,
                hostDiscovery, routes, forwarding));
        env.healthChecks().register("openflow", new OpenFlowHealthCheck(openFlowServer));
    }

    /** The switch inventory (for tests and embedding). */
    public DeviceManager devices() {
        return devices;
    }

    public TopologyManager topology() {
        return topology;
    }

    public LinkDiscovery linkDiscovery() {
        return linkDiscovery;
    }

    public OpenFlowController openFlowController() {
        return openFlowController;
    }

    public OpenFlowServer openFlowServer() {
        return openFlowServer;
    }

    public FlowRuleManager flowRules() {
        return flowRules;
    }

    public RouteManager routes() {
        return routes;
    }

    public FlowTracker flows() {
        return flows;
    }

    public LinkStatsManager stats() {
        return stats;
    }

    /** The policy's lifecycle: in force, versions, changes. */
    public PolicyService policies() {
        return policies;
    }
}
