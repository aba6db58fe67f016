package io.sluice.core.qos;

import java.util.Map;

/**
 * The southbound side of egress queues: makes ports' queues what a {@link QosProfile} says
 * (guaranteed and maximum rate, borrowing priority of each {@link QueueProfile}), so that the
 * queue a rule's set-queue selects means what its class says. Core decides which ports get which
 * profile ({@code qos.impl.QueueManager}); a provider only translates (Open vSwitch over OVSDB:
 * {@code io.sluice.ovsdb.OvsdbQueueProvider}).
 *
 * <p>Calls may block on I/O: core makes them from a worker thread of its own, one at a time, so
 * an implementation need not be thread-safe.
 */
public interface QueueProvider extends AutoCloseable {

    /**
     * Gives each port the queues of its profile. A port the provider cannot configure (unknown to
     * it, or configured by someone else) is left as it is and logged; the others are still done.
     *
     * @param ports each port, by the name its device gives it, with the profile for its speed
     * @return how many of the ports have their profile's queues now
     * @throws RuntimeException if the device or its configuration service cannot be reached at all
     */
    int configure(Map<String, QosProfile> ports);

    /** Deletes what it made for ports that no longer exist (a deleted port leaves it behind otherwise). */
    void removeOrphans();

    /** Takes off every queue it made (at shutdown, if asked to), including what orphans left. */
    void removeAll();

    /** Releases its connection; idempotent. */
    @Override
    void close();
}
