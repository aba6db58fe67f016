package io.sluice.core.policy.impl;

import io.sluice.core.policy.AppendChecks;
import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyStoreException;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A {@link PolicyStore} in memory: the same contract as the durable one (numbering, conditional
 * appends, argument checks, closing), with nothing kept past the process. For tests and for
 * embedders whose platform keeps the policy elsewhere or who need no history across restarts.
 */
public final class InMemoryPolicyStore implements PolicyStore {
    private final Clock clock;
    private final List<PolicyVersion> versions = new ArrayList<>(); // guarded by this; index = version - 1
    private boolean closed; // guarded by this

    /** Stamps versions with the system's UTC clock. */
    public InMemoryPolicyStore() {
        this(Clock.systemUTC());
    }

    /** Stamps versions with {@code clock}. */
    public InMemoryPolicyStore(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Optional<PolicyVersion> latest() {
        open();
        return versions.isEmpty() ? Optional.empty() : Optional.of(versions.get(versions.size() - 1));
    }

    @Override
    public synchronized Optional<PolicyVersion> get(long version) {
        open();
        return version < 1 || version > versions.size() ? Optional.empty()
                : Optional.of(versions.get((int) (version - 1)));
    }

    @Override
    public synchronized List<PolicyVersion> versions() {
        open();
        return List.copyOf(versions);
    }

    @Override
    public PolicyVersion append(String document, String author, String comment, OptionalLong expectedLatest) {
        AppendChecks.check(document, author, comment, expectedLatest);
        synchronized (this) {
            open();
            long actual = versions.size();
            if (expectedLatest.isPresent() && expectedLatest.getAsLong() != actual) {
                throw new StaleVersionException(expectedLatest.getAsLong(), actual);
            }
            if (actual == Integer.MAX_VALUE) {
                throw new PolicyStoreException("in-memory policy store is full (" + actual + " versions)");
            }
            PolicyVersion stored = new PolicyVersion(actual + 1, author, clock.instant(), comment, document);
            versions.add(stored);
            return stored;
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("in-memory policy store is closed");
        }
    }

    @Override
    public synchronized String toString() {
        return "in-memory policy store (" + versions.size() + " versions" + (closed ? ", closed" : "") + ")";
    }
}
