package io.sluice.core.policy;

import java.util.Objects;

/**
 * The outcome of a policy change: the version it became (0 for a dry run; the version in force for
 * a change that changed nothing) and what it changed. Immutable.
 */
public final class ChangeOutcome {
    private final long version;
    private final PolicyDiff diff;

    private ChangeOutcome(long version, PolicyDiff diff) {
        this.version = version;
        this.diff = Objects.requireNonNull(diff, "diff");
    }

    public static ChangeOutcome of(long version, PolicyDiff diff) {
        return new ChangeOutcome(version, diff);
    }

    public long version() {
        return version;
    }

    public PolicyDiff diff() {
        return diff;
    }

    @Override
    public String toString() {
        return (version == 0 ? "dry run" : "v" + version) + ": " + diff;
    }
}
