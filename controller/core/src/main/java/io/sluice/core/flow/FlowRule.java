package io.sluice.core.flow;

import io.sluice.core.device.DeviceId;
import java.util.Objects;

/**
 * One rule core wants on one switch, in target-neutral terms, with the reason it exists (shown to
 * operators by the REST API). Two rules with the same {@link #key()} occupy the same slot in the
 * switch's table: installing one replaces the other. Immutable.
 */
public final class FlowRule {
    private final DeviceId device;
    private final FlowTable table;
    private final int priority;
    private final TrafficSelector selector;
    private final TrafficTreatment treatment;
    private final String reason;
    private final int idleTimeoutSeconds;

    private FlowRule(DeviceId device, FlowTable table, int priority, TrafficSelector selector,
            TrafficTreatment treatment, String reason, int idleTimeoutSeconds) {
        this.device = Objects.requireNonNull(device, "device");
        this.table = Objects.requireNonNull(table, "table");
        if (priority < 0 || priority > 0xFFFF) {
            throw new IllegalArgumentException("priority must be 0-65535, got " + priority);
        }
        this.priority = priority;
        this.selector = Objects.requireNonNull(selector, "selector");
        this.treatment = Objects.requireNonNull(treatment, "treatment");
        this.reason = Objects.requireNonNull(reason, "reason");
        if (idleTimeoutSeconds < 0 || idleTimeoutSeconds > 0xFFFF) {
            throw new IllegalArgumentException("idle timeout must be 0-65535 s, got " + idleTimeoutSeconds);
        }
        this.idleTimeoutSeconds = idleTimeoutSeconds;
        if (treatment.gotoTable() != null && treatment.gotoTable().position() <= table.position()) {
            throw new IllegalArgumentException("a rule in " + table + " can only continue in a later table, not "
                    + treatment.gotoTable());
        }
    }

    public static FlowRule of(DeviceId device, FlowTable table, int priority, TrafficSelector selector,
            TrafficTreatment treatment, String reason) {
        return new FlowRule(device, table, priority, selector, treatment, reason, 0);
    }

    /**
     * The same rule, removed by the switch once no packet has matched it for {@code seconds}: a
     * per-flow rule. Routing owns the permanent rules (timeout 0) and leaves timed ones alone.
     */
    public FlowRule withIdleTimeout(int seconds) {
        return new FlowRule(device, table, priority, selector, treatment, reason, seconds);
    }

    /** The same rule with another treatment and reason (same slot, same timeout). */
    public FlowRule withTreatment(TrafficTreatment next, String why) {
        return new FlowRule(device, table, priority, selector, next, why, idleTimeoutSeconds);
    }

    public DeviceId device() {
        return device;
    }

    public FlowTable table() {
        return table;
    }

    public int priority() {
        return priority;
    }

    public TrafficSelector selector() {
        return selector;
    }

    public TrafficTreatment treatment() {
        return treatment;
    }

    /** Seconds without a matching packet after which the switch removes the rule; 0: never. */
    public int idleTimeoutSeconds() {
        return idleTimeoutSeconds;
    }

    /** Why the rule exists, in words an operator can act on. */
    public String reason() {
        return reason;
    }

    /** The slot this rule occupies: switch, table, priority and match. */
    public Key key() {
        return new Key(device, table, priority, selector);
    }

    /** Whether installing {@code other} over this rule would change what the switch does. */
    public boolean sameEffect(FlowRule other) {
        return key().equals(other.key()) && treatment.equals(other.treatment)
                && idleTimeoutSeconds == other.idleTimeoutSeconds;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FlowRule)) {
            return false;
        }
        FlowRule r = (FlowRule) o;
        return sameEffect(r) && reason.equals(r.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key(), treatment, reason, idleTimeoutSeconds);
    }

    @Override
    public String toString() {
        return device + " table " + table.position() + " prio " + priority + " " + selector + " -> " + treatment
                + " (" + reason + ")";
    }

    /** Identity of a rule's slot in a switch table; at most one rule per key. */
    public static final class Key {
        private final DeviceId device;
        private final FlowTable table;
        private final int priority;
        private final TrafficSelector selector;

        /** The slot of a rule that would have these: for looking up what a switch holds there. */
        public static Key of(DeviceId device, FlowTable table, int priority, TrafficSelector selector) {
            return new Key(device, table, priority, selector);
        }

        private Key(DeviceId device, FlowTable table, int priority, TrafficSelector selector) {
            this.device = device;
            this.table = table;
            this.priority = priority;
            this.selector = selector;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key)) {
                return false;
            }
            Key k = (Key) o;
            return priority == k.priority && device.equals(k.device) && table == k.table && selector.equals(k.selector);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, table, priority, selector);
        }

        @Override
        public String toString() {
            return device + "/" + table + "/" + priority + "/" + selector;
        }
    }
}
