package io.sluice.core.southbound;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A southbound's own account of its health: whether it can take switches, and its counters in its
 * own words (listen addresses, closed connections by cause, frames received). Immutable.
 */
public final class SouthboundStatus {
    private final boolean up;
    private final Map<String, Object> details;

    private SouthboundStatus(boolean up, Map<String, Object> details) {
        this.up = up;
        this.details = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(details, "details")));
    }

    public static SouthboundStatus of(boolean up, Map<String, Object> details) {
        return new SouthboundStatus(up, details);
    }

    /** Whether it can take switches now. */
    public boolean isUp() {
        return up;
    }

    /** Its counters and settings by name; the values are plain JSON-able values (numbers, text, lists, maps). */
    public Map<String, Object> details() {
        return details;
    }

    @Override
    public String toString() {
        return (up ? "UP " : "DOWN ") + details;
    }
}
