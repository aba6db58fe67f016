package io.sluice.server;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.CheckCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.sluice.core.CoreSettings;
import io.sluice.core.SluiceCore;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.qos.QueueProvider;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSouthbound;
import io.sluice.openflow.channel.OpenFlowServer;
import io.sluice.ovsdb.OvsdbEndpoint;
import io.sluice.ovsdb.OvsdbQueueProvider;
import io.sluice.policy.codec.DefaultPolicy;
import io.sluice.policy.codec.JacksonPolicyCodec;
import io.sluice.server.cli.PlainErrorServerCommand;
import io.sluice.server.core.ManagedCore;
import io.sluice.server.discovery.DiscoveryConfig;
import io.sluice.server.health.HealthResource;
import io.sluice.server.health.SouthboundHealthCheck;
import io.sluice.server.openflow.OpenFlowConfig;
import io.sluice.server.policy.ClassifyResource;
import io.sluice.server.policy.PolicyAuth;
import io.sluice.server.policy.PolicyConfig;
import io.sluice.server.policy.PolicyResource;
import io.sluice.server.policy.store.SqlitePolicyStore;
import io.sluice.server.flows.FlowsResource;
import io.sluice.server.stats.LinkStatsResource;
import io.sluice.server.qos.ClassificationResource;
import io.sluice.server.qos.QosConfig;
import io.sluice.server.qos.QosResource;
import io.sluice.server.route.PathResource;
import io.sluice.server.route.RoutingResource;
import io.sluice.server.route.SwitchFlowsResource;
import io.sluice.server.switches.SwitchResource;
import io.sluice.server.topology.TopologyResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sluice controller as one process: core, assembled on the OpenFlow southbound, and the REST
 * northbound. This is the one place the server knows which southbound it runs.
 */
public class SluiceApplication extends Application<SluiceConfiguration> {
    private static final Logger log = LoggerFactory.getLogger(SluiceApplication.class);
    private static final Duration OVSDB_TIMEOUT = Duration.ofSeconds(10);
    private OpenFlowSouthbound openflow;
    private SluiceCore core;

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
        QosConfig qos = config.getQos();
        openflow = new OpenFlowSouthbound(of.listenAddresses(), of.toSettings(), of.getWorkerThreads());
        PolicyConfig policyConfig = config.getPolicy();
        CoreSettings settings = CoreSettings.builder()
                .discovery(discovery.toSettings())
                .portSpeeds(discovery.portSpeeds())
                .requestTimeout(of.toSettings().requestTimeout())
                .statsInterval(Duration.ofNanos(config.getStats().getInterval().toNanoseconds()))
                .flowIdleTimeout(Duration.ofNanos(config.getStats().getFlowIdleTimeout().toNanoseconds()))
                .classify(qos.isClassify())
                .queueLinkBps(qos.getLinkMbps() == null ? OptionalLong.empty()
                        : OptionalLong.of(Math.round(qos.getLinkMbps() * 1e6)))
                .removeQueuesOnShutdown(qos.isRemoveOnShutdown())
                .build();
        var defaultPolicy = DefaultPolicy.policy();
        var queues = queues(qos);
        // The store last: nothing after it can fail and leave it open.
        core = new SluiceCore(settings, openflow, SqlitePolicyStore.open(Path.of(policyConfig.getDatabase())),
                new JacksonPolicyCodec(), defaultPolicy, queues);
        // One lifecycle: the policy in force, queues and routing first, then the switches (core.start()).
        env.lifecycle().manage(new ManagedCore(core));

        PolicyService policies = core.policies();
        env.jersey().register(new PolicyAuth(policyConfig.getToken()));
        env.jersey().register(new PolicyResource(policies));
        env.jersey().register(new ClassifyResource(policies, core.flowRules(), core.topology(), core.classification()));
        env.jersey().register(new QosResource(policies));
        env.jersey().register(new ClassificationResource(core.classification(), policies));
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

    /** OVS queues over OVSDB when {@code qos.ovsdb} is set; nothing configures queues otherwise. */
    private static Optional<QueueProvider> queues(QosConfig qos) {
        if (qos.getOvsdb() == null || qos.getOvsdb().isBlank()) {
            log.info("qos: no qos.ovsdb configured; OVS queues are left as they are");
            return Optional.empty();
        }
        return Optional.of(new OvsdbQueueProvider(OvsdbEndpoint.parse(qos.getOvsdb()), OVSDB_TIMEOUT));
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

    /** The policy's lifecycle: in force, versions, changes. */
    public PolicyService policies() {
        return core.policies();
    }
}
