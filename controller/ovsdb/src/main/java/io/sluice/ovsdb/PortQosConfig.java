package io.sluice.ovsdb;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The QoS row a port references and the Queue rows it holds, as read from OVSDB: whatever is there,
 * whether Sluice made it or not.
 *
 * @param uuid        the QoS row's {@code _uuid}
 * @param type        its {@code type}, such as {@code linux-htb}
 * @param otherConfig its {@code other_config}
 * @param externalIds its {@code external_ids}
 * @param queues      its {@code queues}, by queue id
 */
public record PortQosConfig(
        UUID uuid,
        String type,
        Map<String, String> otherConfig,
        Map<String, String> externalIds,
        SortedMap<Long, QueueRow> queues) {

    public PortQosConfig {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(type, "type");
        otherConfig = Map.copyOf(otherConfig);
        externalIds = Map.copyOf(externalIds);
        queues = Collections.unmodifiableSortedMap(new TreeMap<>(queues));
    }

    /** The port's ceiling, {@code other_config:max-rate}, if set to a number. */
    public OptionalLong maxRateBps() {
        return parseLong(otherConfig.get("max-rate"));
    }

    /** True if Sluice made this QoS row (it carries {@code external_ids:sluice-managed=true}). */
    public boolean sluiceManaged() {
        return "true".equals(externalIds.get(PortQos.MANAGED_KEY));
    }

    /**
     * One Queue row.
     *
     * @param uuid        its {@code _uuid}
     * @param otherConfig its {@code other_config} ({@code min-rate}, {@code max-rate}, {@code priority}, ...)
     * @param externalIds its {@code external_ids}
     */
    public record QueueRow(UUID uuid, Map<String, String> otherConfig, Map<String, String> externalIds) {

        public QueueRow {
            Objects.requireNonNull(uuid, "uuid");
            otherConfig = Map.copyOf(otherConfig);
            externalIds = Map.copyOf(externalIds);
        }

        /** True if Sluice made this Queue row. */
        public boolean sluiceManaged() {
            return "true".equals(externalIds.get(PortQos.MANAGED_KEY));
        }

        /**
         * This row as a {@link QueueSpec}, or empty if its min-rate, max-rate or priority is
         * missing or is not a valid value for one.
         */
        public Optional<QueueSpec> toSpec(long queueId) {
            OptionalLong min = parseLong(otherConfig.get("min-rate"));
            OptionalLong max = parseLong(otherConfig.get("max-rate"));
            OptionalLong priority = parseLong(otherConfig.get("priority"));
            if (min.isEmpty() || max.isEmpty() || priority.isEmpty() || priority.getAsLong() > Integer.MAX_VALUE) {
                return Optional.empty();
            }
            try {
                return Optional.of(new QueueSpec(queueId, min.getAsLong(), max.getAsLong(),
                        (int) priority.getAsLong()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private static OptionalLong parseLong(String value) {
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
