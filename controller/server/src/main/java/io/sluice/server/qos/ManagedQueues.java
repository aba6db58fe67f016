package io.sluice.server.qos;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.device.DeviceService;
import io.sluice.core.policy.PolicyService;
import io.sluice.core.qos.impl.QueueManager;
import io.sluice.ovsdb.OvsdbEndpoint;
import io.sluice.ovsdb.OvsdbQueueProvider;
import java.time.Duration;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When {@code qos.ovsdb} is set, keeps OVS queues on every switch port in step with the policy in
 * force: core's {@link QueueManager} decides, an {@link OvsdbQueueProvider} on that endpoint
 * configures; started and stopped with the server ({@code qos.removeOnShutdown} takes them off
 * again). Port names are the OpenFlow port names, which are the OVS port names.
 */
public final class ManagedQueues implements Managed {
    private static final Logger log = LoggerFactory.getLogger(ManagedQueues.class);
    private static final Duration OVSDB_TIMEOUT = Duration.ofSeconds(10);

    private final QosConfig config;
    private final PolicyService policies;
    private final DeviceService devices;
    private QueueManager queues;

    public ManagedQueues(QosConfig config, PolicyService policies, DeviceService devices) {
        this.config = config;
        this.policies = policies;
        this.devices = devices;
    }

    @Override
    public void start() {
        if (config.getOvsdb() == null || config.getOvsdb().isBlank()) {
            log.info("qos: no qos.ovsdb configured; OVS queues are left as they are");
            return;
        }
        OptionalLong linkBps = config.getLinkMbps() == null ? OptionalLong.empty()
                : OptionalLong.of(Math.round(config.getLinkMbps() * 1e6));
        queues = new QueueManager(new OvsdbQueueProvider(OvsdbEndpoint.parse(config.getOvsdb()), OVSDB_TIMEOUT),
                policies, devices, linkBps, config.isRemoveOnShutdown());
        queues.activate();
    }

    @Override
    public void stop() {
        if (queues != null) {
            queues.deactivate();
        }
    }
}
