package io.sluice.server.policy.store;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A durable, append-only history of the controller's policy. Versions are numbered 1, 2, 3, ...
 * with no gaps; a version, once {@link #append appended}, never changes.
 *
 * <p>Implementations are thread-safe. Reads that find a stored version damaged throw
 * {@link PolicyStoreCorruptionException}; other storage failures throw
 * {@link PolicyStoreException}.
 */
public interface PolicyStore extends AutoCloseable {

    /** The newest version, or empty when nothing has been appended yet. */
    Optional<PolicyVersion> latest();

    /** The given version, or empty when there is no such version (including numbers below 1). */
    Optional<PolicyVersion> get(long version);

    /** Every version, oldest first, documents included. */
    List<PolicyVersion> versions();

    /**
     * Stores {@code document} as the next version (the latest number plus 1; 1 for the first), in
     * one transaction: when this returns, the version is durable; when it throws, nothing was
     * written.
     *
     * @param document       the whole policy as a JSON string (not parsed here)
     * @param author         who writes it: not blank
     * @param comment        why: may be empty, not null
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
