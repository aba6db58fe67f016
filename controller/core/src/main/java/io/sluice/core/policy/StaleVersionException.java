package io.sluice.core.policy;

/**
 * A change was based on a version that is no longer the latest: someone else changed the policy in
 * between. The caller should re-read the latest version and redo its change on top of it.
 * Unchecked so that callers which change unconditionally need not handle it.
 */
public final class StaleVersionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long expected;
    private final long actual;

    public StaleVersionException(long expected, long actual) {
        super("expected the latest policy version to be " + expected + " but it is " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    /** The latest version number the caller expected. */
    public long expected() {
        return expected;
    }

    /** The latest version number when the change was refused (0 when there was none). */
    public long actual() {
        return actual;
    }
}
