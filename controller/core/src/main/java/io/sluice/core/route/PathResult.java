package io.sluice.core.route;

import java.util.Objects;
import java.util.Optional;

/** A path, or the reason there is none (in words an operator can act on). Immutable. */
public final class PathResult {
    private final Path path;
    private final String noPathReason;

    private PathResult(Path path, String noPathReason) {
        this.path = path;
        this.noPathReason = noPathReason;
    }

    public static PathResult found(Path path) {
        return new PathResult(Objects.requireNonNull(path, "path"), null);
    }

    public static PathResult noPath(String reason) {
        return new PathResult(null, Objects.requireNonNull(reason, "reason"));
    }

    public boolean isFound() {
        return path != null;
    }

    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    /** Why there is no path; empty when there is one. */
    public Optional<String> noPathReason() {
        return Optional.ofNullable(noPathReason);
    }

    @Override
    public String toString() {
        return path != null ? path.toString() : "no path: " + noPathReason;
    }
}
