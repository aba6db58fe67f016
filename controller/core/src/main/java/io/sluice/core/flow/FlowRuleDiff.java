package io.sluice.core.flow;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The least work that turns one switch's installed rules into the desired ones: rules in new slots
 * are added, rules whose treatment changed are modified in place, installed rules in slots nobody
 * wants any more are removed, and rules whose reason alone changed are relabelled without touching
 * the switch. Immutable.
 */
public final class FlowRuleDiff {
    private static final FlowRuleDiff EMPTY = new FlowRuleDiff(List.of(), List.of(), List.of(), List.of());

    private final List<FlowRule> added;
    private final List<FlowRule> modified;
    private final List<FlowRule> removed;
    private final List<FlowRule> relabelled;

    private FlowRuleDiff(List<FlowRule> added, List<FlowRule> modified, List<FlowRule> removed,
            List<FlowRule> relabelled) {
        this.added = Collections.unmodifiableList(added);
        this.modified = Collections.unmodifiableList(modified);
        this.removed = Collections.unmodifiableList(removed);
        this.relabelled = Collections.unmodifiableList(relabelled);
    }

    public static FlowRuleDiff empty() {
        return EMPTY;
    }

    /**
     * @throws IllegalArgumentException if {@code desired} puts two rules in one slot: that would be
     *     a rule set that contradicts itself
     */
    public static FlowRuleDiff between(Collection<FlowRule> installed, Collection<FlowRule> desired) {
        Map<FlowRule.Key, FlowRule> want = new HashMap<>();
        for (FlowRule r : desired) {
            FlowRule clash = want.put(r.key(), r);
            if (clash != null && !clash.equals(r)) {
                throw new IllegalArgumentException("two desired rules in one slot: " + clash + " and " + r);
            }
        }
        Map<FlowRule.Key, FlowRule> have = new HashMap<>();
        installed.forEach(r -> have.put(r.key(), r));
        List<FlowRule> added = new ArrayList<>();
        List<FlowRule> modified = new ArrayList<>();
        List<FlowRule> relabelled = new ArrayList<>();
        for (FlowRule r : want.values()) {
            FlowRule old = have.get(r.key());
            if (old == null) {
                added.add(r);
            } else if (!old.sameEffect(r)) {
                modified.add(r);
            } else if (!old.reason().equals(r.reason())) {
                relabelled.add(r);
            }
        }
        List<FlowRule> removed = new ArrayList<>();
        for (FlowRule r : have.values()) {
            if (!want.containsKey(r.key())) {
                removed.add(r);
            }
        }
        return new FlowRuleDiff(added, modified, removed, relabelled);
    }

    /** Rules for slots that are empty now. */
    public List<FlowRule> added() {
        return added;
    }

    /** Rules that replace an installed rule with another treatment (the new version). */
    public List<FlowRule> modified() {
        return modified;
    }

    /** Installed rules to take away (as installed). */
    public List<FlowRule> removed() {
        return removed;
    }

    /** Rules that stay as they are on the switch but exist for a new reason. */
    public List<FlowRule> relabelled() {
        return relabelled;
    }

    /** How many rule writes the switch will see. */
    public int writes() {
        return added.size() + modified.size() + removed.size();
    }

    public boolean isEmpty() {
        return writes() == 0 && relabelled.isEmpty();
    }

    /** The part of this diff whose rules pass {@code test}. */
    public FlowRuleDiff filter(Predicate<FlowRule> test) {
        return new FlowRuleDiff(keep(added, test), keep(modified, test), keep(removed, test), keep(relabelled, test));
    }

    /** This diff without its removals, and {@link #removalsOnly()}: for writers that remove last. */
    public FlowRuleDiff withoutRemovals() {
        return new FlowRuleDiff(added, modified, List.of(), relabelled);
    }

    public FlowRuleDiff removalsOnly() {
        return new FlowRuleDiff(List.of(), List.of(), removed, List.of());
    }

    private static List<FlowRule> keep(List<FlowRule> rules, Predicate<FlowRule> test) {
        List<FlowRule> out = new ArrayList<>();
        rules.forEach(r -> {
            if (test.test(r)) {
                out.add(r);
            }
        });
        return out;
    }

    @Override
    public String toString() {
        return added.size() + " added, " + modified.size() + " modified, " + removed.size() + " removed, "
                + relabelled.size() + " relabelled";
    }
}
