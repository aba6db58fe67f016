package io.sluice.server.policy.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of the controller's policy.
 *
 * @param version   the version number: 1 for the first, each later one the previous plus 1
 * @param author    who wrote this version (never blank)
 * @param createdAt when the store accepted it, by the clock of the process that appended it; not
 *                  guaranteed to increase with the version number (clocks are adjusted)
 * @param comment   why this version was written (may be empty)
 * @param document  the whole policy as a JSON string; the store does not read it
 */
public record PolicyVersion(long version, String author, Instant createdAt, String comment, String document) {
    public PolicyVersion {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(document, "document");
    }

    /** Leaves the document out: it can be megabytes, and this ends up in logs and test failures. */
    @Override
    public String toString() {
        return "PolicyVersion[version=" + version + ", author=" + author + ", createdAt=" + createdAt
                + ", comment=" + comment + ", document=<" + document.length() + " chars>]";
    }
}
