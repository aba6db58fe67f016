package io.sluice.ovsdb;

/**
 * One egress queue of a {@code linux-htb} QoS: what OpenFlow's set-queue action selects by
 * {@code queueId}.
 *
 * @param queueId    the queue number, 0 to 4294967295 (the key in the QoS row's {@code queues})
 * @param minRateBps guaranteed rate in bit/s ({@code other_config:min-rate}), positive
 * @param maxRateBps ceiling rate in bit/s ({@code other_config:max-rate}), at least minRateBps
 * @param priority   {@code other_config:priority}, not negative; in linux-htb a LOWER number is
 *                   served first when queues compete for spare bandwidth
 */
public record QueueSpec(long queueId, long minRateBps, long maxRateBps, int priority) {

    /** The largest queue id the vswitch schema allows. */
    public static final long MAX_QUEUE_ID = 4_294_967_295L;

    public QueueSpec {
        if (queueId < 0 || queueId > MAX_QUEUE_ID) {
            throw new IllegalArgumentException("queueId " + queueId + " is outside 0.." + MAX_QUEUE_ID);
        }
        if (minRateBps <= 0 || maxRateBps < minRateBps) {
            throw new IllegalArgumentException("queue " + queueId + " needs 0 < minRateBps <= maxRateBps, got "
                    + minRateBps + " and " + maxRateBps);
        }
        if (priority < 0) {
            throw new IllegalArgumentException("queue " + queueId + " priority must not be negative, got " + priority);
        }
    }
}
