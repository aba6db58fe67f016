package io.sluice.core.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of the controller's policy. Immutable.
 *
 * <ul>
 *   <li>{@code version}: the version number: 1 for the first, each later one the previous plus 1</li>
 *   <li>{@code author}: who wrote this version (never blank)</li>
 *   <li>{@code createdAt}: when the store accepted it, by the clock of the process that appended it;
 *       not guaranteed to increase with the version number (clocks are adjusted)</li>
 *   <li>{@code comment}: why this version was written (may be empty)</li>
 *   <li>{@code document}: the whole policy as its canonical text (JSON, see {@link PolicyCodec}); the
 *       store does not read it</li>
 * </ul>
 */
public final class PolicyVersion {
    private final long version;
    private final String author;
    private final Instant createdAt;
    private final String comment;
    private final String document;

    public PolicyVersion(long version, String author, Instant createdAt, String comment, String document) {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, was " + version);
        }
        this.version = version;
        this.author = Objects.requireNonNull(author, "author");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.comment = Objects.requireNonNull(comment, "comment");
        this.document = Objects.requireNonNull(document, "document");
    }

    public long version() {
        return version;
    }

    public String author() {
        return author;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String comment() {
        return comment;
    }

    public String document() {
        return document;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PolicyVersion)) {
            return false;
        }
        PolicyVersion v = (PolicyVersion) o;
        return version == v.version && author.equals(v.author) && createdAt.equals(v.createdAt)
                && comment.equals(v.comment) && document.equals(v.document);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, author, createdAt, comment, document);
    }

    /** Leaves the document out: it can be megabytes, and this ends up in logs and test failures. */
    @Override
    public String toString() {
        return "PolicyVersion[version=" + version + ", author=" + author + ", createdAt=" + createdAt
                + ", comment=" + comment + ", document=<" + document.length() + " chars>]";
    }
}
