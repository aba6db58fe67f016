package io.sluice.core.stats;

import io.sluice.core.device.DeviceId;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One reading of a switch's counters: per port, per core rule (by rule id) and per group bucket
 * (groups take their rule's id), with the monotonic time the reading was taken. Immutable.
 */
public final class SwitchCounters {
    private final DeviceId device;
    private final long readAtNanos;
    private final Map<Long, PortCounters> ports;
    private final Map<Long, RuleCounters> rules;
    private final Map<Long, List<Long>> groupBucketBytes;

    private SwitchCounters(DeviceId device, long readAtNanos, Map<Long, PortCounters> ports,
            Map<Long, RuleCounters> rules, Map<Long, List<Long>> groupBucketBytes) {
        this.device = Objects.requireNonNull(device, "device");
        this.readAtNanos = readAtNanos;
        this.ports = Map.copyOf(ports);
        this.rules = Map.copyOf(rules);
        this.groupBucketBytes = Map.copyOf(groupBucketBytes);
    }

    /**
     * @param ports            by port number
     * @param rules            by core rule id
     * @param groupBucketBytes bytes through each bucket, in bucket order, by group (= rule) id
     */
    public static SwitchCounters of(DeviceId device, long readAtNanos, Map<Long, PortCounters> ports,
            Map<Long, RuleCounters> rules, Map<Long, List<Long>> groupBucketBytes) {
        return new SwitchCounters(device, readAtNanos, ports, rules, groupBucketBytes);
    }

    public DeviceId device() {
        return device;
    }

    /** {@link System#nanoTime()} when the reading was asked for. */
    public long readAtNanos() {
        return readAtNanos;
    }

    public Map<Long, PortCounters> ports() {
        return ports;
    }

    public Map<Long, RuleCounters> rules() {
        return rules;
    }

    public Map<Long, List<Long>> groupBucketBytes() {
        return groupBucketBytes;
    }

    /** A port's counters. */
    public static final class PortCounters {
        private final long txBytes;
        private final long rxBytes;
        private final long txDropped;

        public PortCounters(long txBytes, long rxBytes, long txDropped) {
            this.txBytes = txBytes;
            this.rxBytes = rxBytes;
            this.txDropped = txDropped;
        }

        public long txBytes() {
            return txBytes;
        }

        public long rxBytes() {
            return rxBytes;
        }

        public long txDropped() {
            return txDropped;
        }
    }

    /** A rule's counters, and how long it has been on the switch. */
    public static final class RuleCounters {
        private final long packets;
        private final long bytes;
        private final long durationNanos;

        public RuleCounters(long packets, long bytes, long durationNanos) {
            this.packets = packets;
            this.bytes = bytes;
            this.durationNanos = durationNanos;
        }

        public long packets() {
            return packets;
        }

        public long bytes() {
            return bytes;
        }

        public long durationNanos() {
            return durationNanos;
        }
    }
}
