package io.sluice.core.policy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A durable (or, for embedders and tests, in-memory) append-only history of the controller's
 * policy. Versions are numbered 1, 2, 3, ... with no gaps; a version, once {@link #append
 * appended}, never changes. The standalone controller keeps it in SQLite (the server's
 * {@code SqlitePolicyStore}); {@code io.sluice.core.policy.impl.InMemoryPolicyStore} keeps it in memory.
 *
 * <p>Implementations are thread-safe. Reads that find a stored version damaged throw
 * {@link PolicyStoreCorruptionException}; other storage failures throw
 * {@link PolicyStoreException}. Every implementation accepts the same arguments: those within the
 * bounds below.
 */
public interface PolicyStore extends AutoCloseable {
    /** Longest author accepted, in chars. */
    int MAX_AUTHOR_LENGTH = 128;
    /** Longest comment accepted, in chars. */
    int MAX_COMMENT_LENGTH = 4096;
    /** Largest document accepted, in UTF-8 bytes. */
    int MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

    /** The newest version, or empty when nothing has been appended yet. */
    Optional<PolicyVersion> latest();

    /** The given version, or empty when there is no such version (including numbers below 1). */
    Optional<PolicyVersion> get(long version);

    /** Every version, oldest first, documents included. */
    List<PolicyVersion> versions();

    /**
     * Stores {@code document} as the next version (the latest number plus 1; 1 for the first), in
     * one transaction: when this returns, the version is stored (durably, for a durable store);
     * when it throws, nothing was written.
     *
     * @param document       the whole policy as its canonical text (not parsed here), well-formed
     *                       Unicode, at most {@link #MAX_DOCUMENT_BYTES} in UTF-8
     * @param author         who writes it: not blank, at most {@link #MAX_AUTHOR_LENGTH} chars
     * @param comment        why: may be empty, not null, at most {@link #MAX_COMMENT_LENGTH} chars
     * @param expectedLatest the latest version number the caller based its change on (0 for an
     *                       empty store), or empty to append whatever the latest is
     * @return the stored version
     * @throws StaleVersionException    when {@code expectedLatest} is present and is not the
     *                                  latest version number; nothing is written
     * @throws IllegalArgumentException when an argument is out of bounds (the message says which)
     * @throws NullPointerException     when an argument is null
     * @throws PolicyStoreException     when the store cannot write (busy beyond its timeout, I/O)
     */
    PolicyVersion append(String document, String author, String comment, OptionalLong expectedLatest);

    /** Releases the store's resources; idempotent. Any other call after this throws {@link IllegalStateException}. */
    @Override
    void close();
}
