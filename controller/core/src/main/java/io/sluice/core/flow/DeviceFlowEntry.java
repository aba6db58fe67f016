package io.sluice.core.flow;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * One entry of a switch's table as the switch itself reports it, in words: what it matches, what it
 * does, its counters, and whether it is the base pipeline's, one of core's rules (with core's
 * reason) or someone else's. Immutable; made by the southbound that read it.
 */
public final class DeviceFlowEntry {
    /** Who put an entry there. */
    public enum Origin {
        BASE_PIPELINE("base-pipeline"), ROUTING("routing"), OTHER("other");

        private final String label;

        Origin(String label) {
            this.label = label;
        }

        /** The word the northbound shows. */
        public String label() {
            return label;
        }
    }

    private final int table;
    private final int priority;
    private final String match;
    private final String instructions;
    private final String cookie;
    private final long packets;
    private final long bytes;
    private final long durationSeconds;
    private final Origin origin;
    private final long ruleId;
    private final String reason;

    private DeviceFlowEntry(int table, int priority, String match, String instructions, String cookie, long packets,
            long bytes, long durationSeconds, Origin origin, long ruleId, String reason) {
        this.table = table;
        this.priority = priority;
        this.match = Objects.requireNonNull(match, "match");
        this.instructions = Objects.requireNonNull(instructions, "instructions");
        this.cookie = Objects.requireNonNull(cookie, "cookie");
        this.packets = packets;
        this.bytes = bytes;
        this.durationSeconds = durationSeconds;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.ruleId = ruleId;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * An entry that is not one of core's rules (the base pipeline's, or someone else's).
     *
     * @param table the target's own table number (the southbound maps core's tables to these)
     * @param cookie the target's tag of the entry, as text
     */
    public static DeviceFlowEntry of(int table, int priority, String match, String instructions, String cookie,
            long packets, long bytes, long durationSeconds, Origin origin, String reason) {
        if (origin == Origin.ROUTING) {
            throw new IllegalArgumentException("an entry of core's names its rule: use ofRule");
        }
        return new DeviceFlowEntry(table, priority, match, instructions, cookie, packets, bytes, durationSeconds,
                origin, -1, reason);
    }

    /** An entry that is core's rule {@code ruleId}; its reason is core's to give ({@link #withReason}). */
    public static DeviceFlowEntry ofRule(int table, int priority, String match, String instructions, String cookie,
            long packets, long bytes, long durationSeconds, long ruleId) {
        if (ruleId < 0) {
            throw new IllegalArgumentException("not a rule id: " + ruleId);
        }
        return new DeviceFlowEntry(table, priority, match, instructions, cookie, packets, bytes, durationSeconds,
                Origin.ROUTING, ruleId, "");
    }

    /** The same entry, explained. */
    public DeviceFlowEntry withReason(String why) {
        return new DeviceFlowEntry(table, priority, match, instructions, cookie, packets, bytes, durationSeconds,
                origin, ruleId, why);
    }

    /** Core's rule id, for an entry of core's. */
    public OptionalLong ruleId() {
        return ruleId < 0 ? OptionalLong.empty() : OptionalLong.of(ruleId);
    }

    public int table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    public String match() {
        return match;
    }

    public String instructions() {
        return instructions;
    }

    public String cookie() {
        return cookie;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    public long durationSeconds() {
        return durationSeconds;
    }

    public Origin origin() {
        return origin;
    }

    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DeviceFlowEntry)) {
            return false;
        }
        DeviceFlowEntry e = (DeviceFlowEntry) o;
        return table == e.table && priority == e.priority && packets == e.packets && bytes == e.bytes
                && durationSeconds == e.durationSeconds && ruleId == e.ruleId && match.equals(e.match) && instructions.equals(e.instructions)
                && cookie.equals(e.cookie) && origin == e.origin && reason.equals(e.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(table, priority, match, instructions, cookie, packets, bytes, durationSeconds, origin,
                ruleId, reason);
    }

    @Override
    public String toString() {
        return "table " + table + " priority " + priority + " " + match + " -> " + instructions + " (" + origin.label()
                + ": " + reason + ")";
    }
}
