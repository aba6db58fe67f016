package io.sluice.core.policy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What changed between two policies, in words an operator reviews before applying: rules added,
 * removed and changed (by id), and every other section that differs. Immutable.
 */
public final class PolicyDiff {
    private final List<String> added;
    private final List<String> removed;
    private final List<String> changed;
    private final List<String> sections;

    private PolicyDiff(List<String> added, List<String> removed, List<String> changed, List<String> sections) {
        this.added = Collections.unmodifiableList(added);
        this.removed = Collections.unmodifiableList(removed);
        this.changed = Collections.unmodifiableList(changed);
        this.sections = Collections.unmodifiableList(sections);
    }

    public static PolicyDiff between(Policy from, Policy to) {
        Map<String, ClassificationRule> before = byId(from);
        Map<String, ClassificationRule> after = byId(to);
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String id : new TreeSet<>(after.keySet())) {
            ClassificationRule was = before.get(id);
            if (was == null) {
                added.add(id);
            } else if (!was.equals(after.get(id))) {
                changed.add(id);
            }
        }
        for (String id : new TreeSet<>(before.keySet())) {
            if (!after.containsKey(id)) {
                removed.add(id);
            }
        }
        List<String> sections = new ArrayList<>();
        for (TrafficClass c : TrafficClass.values()) {
            if (!Objects.equals(from.classes().get(c), to.classes().get(c))) {
                sections.add("classes." + c + ": " + from.classes().get(c) + " -> " + to.classes().get(c));
            }
        }
        for (String g : new TreeSet<>(union(from.hostGroups().keySet(), to.hostGroups().keySet()))) {
            HostGroup a = from.hostGroups().get(g);
            HostGroup b = to.hostGroups().get(g);
            if (!Objects.equals(a, b)) {
                sections.add("hostGroups." + g + ": " + (a == null ? "added" : b == null ? "removed"
                        : a.members() + " -> " + b.members()));
            }
        }
        if (!from.behaviour().equals(to.behaviour())) {
            sections.add("behaviour: " + from.behaviour() + " -> " + to.behaviour());
        }
        if (!from.trust().equals(to.trust())) {
            sections.add("trustDscp: " + from.trust() + " -> " + to.trust());
        }
        if (from.inferenceHotPercent() != to.inferenceHotPercent()) {
            sections.add("inferenceHotPercent: " + from.inferenceHotPercent() + " -> " + to.inferenceHotPercent());
        }
        if (from.defaultClass() != to.defaultClass()) {
            sections.add("defaultClass: " + from.defaultClass() + " -> " + to.defaultClass());
        }
        return new PolicyDiff(added, removed, changed, sections);
    }

    private static Map<String, ClassificationRule> byId(Policy p) {
        Map<String, ClassificationRule> out = new LinkedHashMap<>();
        p.rules().forEach(r -> out.putIfAbsent(r.id(), r));
        return out;
    }

    private static TreeSet<String> union(Set<String> a, Set<String> b) {
        TreeSet<String> out = new TreeSet<>(a);
        out.addAll(b);
        return out;
    }

    /** Ids of rules only in the newer policy. */
    public List<String> rulesAdded() {
        return added;
    }

    public List<String> rulesRemoved() {
        return removed;
    }

    /** Ids of rules in both whose priority, match, class or comment differ. */
    public List<String> rulesChanged() {
        return changed;
    }

    /** Other differences, one line each. */
    public List<String> otherChanges() {
        return sections;
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && changed.isEmpty() && sections.isEmpty();
    }

    @Override
    public String toString() {
        return isEmpty() ? "no change" : "rules +" + added + " -" + removed + " ~" + changed + "; " + sections;
    }
}
