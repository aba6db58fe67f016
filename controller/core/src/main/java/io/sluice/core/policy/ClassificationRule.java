package io.sluice.core.policy;

import java.util.Objects;

/**
 * Traffic matching {@link #match()} is {@link #trafficClass()}; of several matching rules the one
 * with the highest priority wins. Immutable.
 */
public final class ClassificationRule {
    private final String id;
    private final int priority;
    private final RuleMatch match;
    private final TrafficClass trafficClass;
    private final String comment;
    private final int line;

    private ClassificationRule(String id, int priority, RuleMatch match, TrafficClass trafficClass, String comment,
            int line) {
        this.id = Objects.requireNonNull(id, "id");
        this.priority = priority;
        this.match = Objects.requireNonNull(match, "match");
        this.trafficClass = trafficClass;
        this.comment = comment == null ? "" : comment;
        this.line = line;
    }

    /**
     * @param trafficClass may be null only in a policy that is about to be refused for it
     * @param line         where the rule starts in the file it came from; 0 when it did not come from one
     */
    public static ClassificationRule of(String id, int priority, RuleMatch match, TrafficClass trafficClass,
            String comment, int line) {
        return new ClassificationRule(id, priority, match, trafficClass, comment, line);
    }

    public String id() {
        return id;
    }

    public int priority() {
        return priority;
    }

    public RuleMatch match() {
        return match;
    }

    public TrafficClass trafficClass() {
        return trafficClass;
    }

    public String comment() {
        return comment;
    }

    /** Line in the source file, or 0. Not part of the rule's identity. */
    public int line() {
        return line;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ClassificationRule)) {
            return false;
        }
        ClassificationRule r = (ClassificationRule) o;
        return priority == r.priority && id.equals(r.id) && match.equals(r.match) && trafficClass == r.trafficClass
                && comment.equals(r.comment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, priority, match, trafficClass, comment);
    }

    @Override
    public String toString() {
        return id + " (priority " + priority + "): " + match + " -> " + trafficClass;
    }
}
