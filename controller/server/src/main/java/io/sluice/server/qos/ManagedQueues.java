package io.sluice.server.qos;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.Port;
import io.sluice.core.policy.PolicyService;
import io.sluice.core.qos.QosProfile;
import io.sluice.openflow.ovsdb.OvsdbEndpoint;
import io.sluice.openflow.ovsdb.OvsdbQueues;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps OVS queues on every switch port in step with the policy in force, when {@code qos.ovsdb}
 * is set: at start, when the policy changes and when a switch or port comes or goes (what a
 * deleted port leaves in OVSDB is deleted; at shutdown, everything Sluice made, if configured). OVSDB calls block,
 * so they run on a thread of their own; changes that come while one sync runs are folded into the
 * next. Port names are the OpenFlow port names, which are the OVS port names.
 */
public final class ManagedQueues implements Managed {
    private static final Logger log = LoggerFactory.getLogger(ManagedQueues.class);
    private static final long DEFAULT_BPS = 1_000_000_000L;

    private final QosConfig config;
    private final PolicyService policies;
    private final DeviceService devices;
    private final DeviceListener deviceListener = this::deviceChanged;
    private final AtomicBoolean pending = new AtomicBoolean();
    private ExecutorService worker;
    private OvsdbQueues queues;

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
        queues = new OvsdbQueues(OvsdbEndpoint.parse(config.getOvsdb()), Duration.ofSeconds(10));
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sluice-ovsdb");
            t.setDaemon(true);
            return t;
        });
        policies.addListener(now -> request());
        devices.addListener(deviceListener);
        request();
    }

    private void deviceChanged(DeviceEvent e) {
        // New ports need queues; a removed switch or port leaves rows behind to clean up.
        if (e.type() != DeviceEvent.Type.PORT_UPDATED) {
            request();
        }
    }

    private void request() {
        if (pending.compareAndSet(false, true)) {
            try {
                worker.execute(this::sync);
            } catch (RejectedExecutionException stopped) {
                pending.set(false); // a change after stop(): the queues are being taken off anyway
            }
        }
    }

    private void sync() {
        pending.set(false);
        try {
            Map<String, Long> speeds = new HashMap<>();
            for (Device d : devices.getDevices()) {
                for (Port p : d.ports()) {
                    if (p.isPhysical()) {
                        speeds.put(p.name(), speed(p));
                    }
                }
            }
            var policy = policies.current().policy();
            int done = queues.apply(speeds.keySet(), speeds::get, bps -> QosProfile.of(policy, bps));
            queues.removeOrphans();
            log.info("qos: policy v{} queues on {} of {} port(s)", policies.current().version().version(), done,
                    speeds.size());
        } catch (RuntimeException e) {
            log.error("qos: cannot configure OVS queues at {}: {}", config.getOvsdb(), e.getMessage());
        }
    }

    private long speed(Port p) {
        if (config.getLinkMbps() != null) {
            return Math.round(config.getLinkMbps() * 1e6);
        }
        return p.currentSpeedKbps() > 0 ? p.currentSpeedKbps() * 1000 : DEFAULT_BPS;
    }

    @Override
    public void stop() throws InterruptedException {
        if (worker == null) {
            return;
        }
        devices.removeListener(deviceListener);
        worker.shutdown();
        worker.awaitTermination(10, TimeUnit.SECONDS);
        if (config.isRemoveOnShutdown()) {
            try {
                queues.removeAll();
            } catch (RuntimeException e) {
                log.warn("qos: could not take OVS queues off at shutdown: {}", e.getMessage());
            }
        }
        queues.close();
    }
}
