package io.sluice.core.flow;

import java.util.Objects;

/**
 * A rule together with the id core gave it. The id stays the same for as long as the rule's slot
 * ({@link FlowRule#key()}) is in use, across modifications, so a southbound can carry it on the
 * switch (OpenFlow: in the cookie) and a rule read back from the switch can be traced to its reason.
 */
public final class InstalledRule {
    /** Ids below this are reserved for rules a southbound installs itself (its base pipeline). */
    public static final long FIRST_ID = 0x1_0000L;
    /**
     * Ids use the low 32 bits, so southbounds can tag them with their own high bits; they stop below
     * OpenFlow's reserved group numbers, so a rule's group can take its rule's id.
     */
    public static final long MAX_ID = 0xFFFF_FF00L;

    private final long id;
    private final FlowRule rule;

    private InstalledRule(long id, FlowRule rule) {
        if (id < FIRST_ID || id > MAX_ID) {
            throw new IllegalArgumentException("rule id out of range: " + id);
        }
        this.id = id;
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public static InstalledRule of(long id, FlowRule rule) {
        return new InstalledRule(id, rule);
    }

    public long id() {
        return id;
    }

    public FlowRule rule() {
        return rule;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstalledRule && ((InstalledRule) o).id == id && ((InstalledRule) o).rule.equals(rule);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, rule);
    }

    @Override
    public String toString() {
        return "#" + Long.toHexString(id) + " " + rule;
    }
}
