package io.sluice.ovsdb;

import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProfile;
import io.sluice.core.qos.QueueProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Core's {@link QueueProvider} for Open vSwitch, over OVSDB: each port gets a {@code linux-htb}
 * QoS whose queues are the {@link QosProfile} core chose for it (guaranteed and maximum rate,
 * borrowing priority), so the {@code set_queue} of Sluice's rules lands in a queue that means what
 * the class says. Ports are named as OVS names them (which is what OpenFlow reports). Owns the
 * OVSDB connection, (re)connecting when needed; not thread-safe: call from one thread (core's
 * queue manager runs it on its own).
 */
public final class OvsdbQueueProvider implements QueueProvider {
    private static final Logger log = LoggerFactory.getLogger(OvsdbQueueProvider.class);
    private final OvsdbEndpoint endpoint;
    private final Duration timeout;
    /** What each configured port was last given, so a sync that changes nothing writes nothing. */
    private final Map<String, List<QueueSpec>> configured = new LinkedHashMap<>();
    private OvsdbClient client;
    private PortQos qos;

    /** @param timeout how long one OVSDB request (and connecting) may take */
    public OvsdbQueueProvider(OvsdbEndpoint endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    /** The queues of {@code profile} as OVS wants them. */
    public static List<QueueSpec> queues(QosProfile profile) {
        List<QueueSpec> out = new ArrayList<>();
        for (QueueProfile q : profile.queues()) {
            // linux-htb needs a positive guaranteed rate: a class guaranteed 0 % still gets 1 kbit/s.
            long min = Math.max(1000, q.minRateBps());
            out.add(new QueueSpec(q.queue(), min, Math.max(min, q.maxRateBps()), q.priority()));
        }
        return out;
    }

    /**
     * Configures every port in {@code ports} with its profile. A port OVS refuses (unknown, or with
     * a QoS someone else made) is logged and skipped; the others are still configured. A port whose
     * queues are already what its profile says is not written again.
     *
     * @return how many ports were configured
     */
    @Override
    public int configure(Map<String, QosProfile> ports) {
        PortQos q = connection();
        int done = 0;
        for (Map.Entry<String, QosProfile> e : ports.entrySet()) {
            String port = e.getKey();
            QosProfile profile = e.getValue();
            List<QueueSpec> wanted = queues(profile);
            if (wanted.equals(configured.get(port))) {
                done++;
                continue;
            }
            try {
                q.apply(port, profile.linkBps(), wanted);
                configured.put(port, wanted);
                done++;
                log.info("ovsdb {}: port {} queues set for {} bit/s: {}", endpoint, port, profile.linkBps(), wanted);
            } catch (OvsdbException ex) {
                log.warn("ovsdb {}: port {} left as it is: {}", endpoint, port, ex.getMessage());
            }
        }
        return done;
    }

    /**
     * Takes Sluice's QoS off every port it configured (for shutdown), and deletes what ports that
     * no longer exist left behind.
     */
    @Override
    public void removeAll() {
        PortQos q = connection();
        for (String port : new ArrayList<>(configured.keySet())) {
            try {
                q.remove(port);
                log.info("ovsdb {}: port {} queues removed", endpoint, port);
            } catch (UnknownPortException gone) {
                log.debug("ovsdb {}: port {} is gone; its rows are orphans now", endpoint, port);
            } catch (OvsdbException e) {
                log.warn("ovsdb {}: port {} queues not removed: {}", endpoint, port, e.getMessage());
                continue;
            }
            configured.remove(port);
        }
        removeOrphanRows();
    }

    /**
     * Deletes the rows of Sluice's QoS that no port uses any more (ports deleted under it), and
     * forgets those ports: a port of the same name that comes back is configured afresh.
     */
    @Override
    public void removeOrphans() {
        removeOrphanRows();
    }

    /** {@link #removeOrphans()}, saying how many rows it deleted. */
    public int removeOrphanRows() {
        PortQos q = connection();
        configured.keySet().removeIf(port -> {
            try {
                q.read(port);
                return false;
            } catch (UnknownPortException gone) {
                return true;
            }
        });
        int deleted = q.removeOrphans();
        if (deleted > 0) {
            log.info("ovsdb {}: {} orphaned QoS/Queue row(s) of Sluice deleted", endpoint, deleted);
        }
        return deleted;
    }

    /** The ports configured so far. */
    public Set<String> configuredPorts() {
        return Set.copyOf(configured.keySet());
    }

    private PortQos connection() {
        if (client == null || !client.isConnected()) {
            client = OvsdbClient.connect(endpoint, timeout);
            qos = new PortQos(client);
        }
        return qos;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** As core's log messages name it: {@code OVS queues at unix:/var/run/openvswitch/db.sock}. */
    @Override
    public String toString() {
        return "OVS queues at " + endpoint;
    }
}
