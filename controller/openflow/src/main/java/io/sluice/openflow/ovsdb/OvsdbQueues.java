package io.sluice.openflow.ovsdb;

import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps Open vSwitch's queues on a set of ports in step with the policy: each port gets a
 * {@code linux-htb} QoS whose queues are the policy's {@link QosProfile} for the port's speed
 * (guaranteed and maximum rate, borrowing priority), so the {@code set_queue} of Sluice's rules
 * lands in a queue that means what the class says. Owns the OVSDB connection; not thread-safe:
 * call from one thread (the server runs it on its own).
 */
public final class OvsdbQueues implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OvsdbQueues.class);
    private final OvsdbEndpoint endpoint;
    private final Duration timeout;
    /** What each configured port was last given, so a sync that changes nothing writes nothing. */
    private final Map<String, List<QueueSpec>> configured = new LinkedHashMap<>();
    private OvsdbClient client;
    private PortQos qos;

    public OvsdbQueues(OvsdbEndpoint endpoint, Duration timeout) {
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
     * Configures every port in {@code ports} for its speed ({@code profileFor} gives the profile of
     * a port speed in bit/s, {@code speedOf} a port's speed). A port OVS refuses (unknown, or with a
     * QoS someone else made) is logged and skipped; the others are still configured.
     *
     * @return how many ports were configured
     */
    public int apply(Collection<String> ports, ToLongFunction<String> speedOf,
            LongFunction<QosProfile> profileFor) {
        PortQos q = connection();
        int done = 0;
        for (String port : ports) {
            long speed = speedOf.applyAsLong(port);
            QosProfile profile = profileFor.apply(speed);
            List<QueueSpec> wanted = queues(profile);
            if (wanted.equals(configured.get(port))) {
                done++;
                continue;
            }
            try {
                q.apply(port, profile.linkBps(), wanted);
                configured.put(port, wanted);
                done++;
                log.info("ovsdb {}: port {} queues set for {} bit/s: {}", endpoint, port, profile.linkBps(),
                        queues(profile));
            } catch (OvsdbException e) {
                log.warn("ovsdb {}: port {} left as it is: {}", endpoint, port, e.getMessage());
            }
        }
        return done;
    }

    /**
     * Takes Sluice's QoS off every port it configured (for shutdown), and deletes what ports that
     * no longer exist left behind.
     */
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
        removeOrphans();
    }

    /**
     * Deletes the rows of Sluice's QoS that no port uses any more (ports deleted under it), and
     * forgets those ports: a port of the same name that comes back is configured afresh.
     */
    public int removeOrphans() {
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
        }
    }
}
