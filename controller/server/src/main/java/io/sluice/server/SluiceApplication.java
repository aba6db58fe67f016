package io.sluice.server;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.sluice.core.CoreSettings;
import io.sluice.core.SluiceCore;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSouthbound;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.server.cli.PlainErrorServerCommand;
import io.sluice.server.core.ManagedCore;
import io.sluice.server.discovery.DiscoveryConfig;
import io.sluice.server.health.HealthResource;
import io.sluice.server.health.SouthboundHealthCheck;
import io.sluice.server.openflow.OpenFlowConfig;
import io.sluice.server.policy.ClassifyResource;
import io.sluice.server.policy.PolicyAuth;
import io.sluice.server.policy.PolicyConfig;
import io.sluice.server.policy.PolicyManager;
import io.sluice.server.policy.PolicyResource;
import io.sluice.server.policy.PolicyRouting;
import io.sluice.server.policy.store.SqlitePolicyStore;
import io.sluice.server.qos.ManagedQueues;
import io.sluice.server.flows.FlowsResource;
import io.sluice.server.stats.LinkStatsResource;
import io.sluice.server.qos.ClassificationResource;
import io.sluice.server.qos.ClassificationSwitch;
import io.sluice.server.qos.QosResource;
import io.sluice.server.route.PathResource;
import io.sluice.server.route.RoutingResource;
import io.sluice.server.route.SwitchFlowsResource;
import io.sluice.server.switches.SwitchResource;
import io.sluice.server.topology.TopologyResource;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Sluice controller as one process: core, assembled on the OpenFlow southbound, and the REST
 * northbound. This is the one place the server knows which southbound it runs.
 */
public class SluiceApplication extends Application<SluiceConfiguration> {
    private OpenFlowSouthbound openflow;
    private SluiceCore core;
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
        openflow = new OpenFlowSouthbound(of.listenAddresses(), of.toSettings(), of.getWorkerThreads());
        PolicyConfig policyConfig = config.getPolicy();
        policies = new PolicyManager(SqlitePolicyStore.open(Path.of(policyConfig.getDatabase())));
        ClassificationSwitch classification = new ClassificationSwitch(policies, config.getQos().isClassify());
        CoreSettings settings = CoreSettings.builder()
                .discovery(discovery.toSettings())
                .portSpeeds(discovery.portSpeeds())
                .requestTimeout(of.toSettings().requestTimeout())
                .statsInterval(Duration.ofNanos(config.getStats().getInterval().toNanoseconds()))
                .flowIdleTimeout(Duration.ofNanos(config.getStats().getFlowIdleTimeout().toNanoseconds()))
                .build();
        core = new SluiceCore(settings, openflow, classification::inForce,
                () -> classification.applied(policies.current().policy()));
        // Before core: no switch is served before a policy is in force, and routing has it.
        env.lifecycle().manage(policies);
        env.lifecycle().manage(new ManagedQueues(config.getQos(), policies, core.devices()));
        env.lifecycle().manage(new PolicyRouting(policies, core, classification));
        env.lifecycle().manage(new ManagedCore(core));

        env.jersey().register(new PolicyAuth(policyConfig.getToken()));
        env.jersey().register(new PolicyResource(policies));
        env.jersey().register(new ClassifyResource(policies, core.flowRules(), core.topology(), classification));
        env.jersey().register(new QosResource(policies));
        env.jersey().register(new ClassificationResource(classification, policies));
        env.jersey().register(new LinkStatsResource(core.stats()));
        env.jersey().register(new FlowsResource(core.flows(), core.flowRules(), core.topology(), policies));
        env.jersey().register(new SwitchResource(core.devices()));
        env.jersey().register(new TopologyResource(core.topology()));
        env.jersey().register(new PathResource(core.topology(), core.routes()));
        env.jersey().register(new RoutingResource(core.devices(), core.flowRules(), core.routes()));
        env.jersey().register(new SwitchFlowsResource(core.flowRules(), of.toSettings().requestTimeout()));
        env.jersey().register(new HealthResource(core));
        env.healthChecks().register(openflow.name(), new SouthboundHealthCheck(core::southboundStatus));
    }

    /** Core as assembled (for tests and embedding). */
    public SluiceCore core() {
        return core;
    }

    /** The OpenFlow session registry (for tests that drive switches directly). */
    public OpenFlowController openFlowController() {
        return openflow.controller();
    }

    /** The OpenFlow listener (for tests that need its bound ports). */
    public OpenFlowServer openFlowServer() {
        return openflow.server();
    }

    public PolicyManager policies() {
        return policies;
    }
}
