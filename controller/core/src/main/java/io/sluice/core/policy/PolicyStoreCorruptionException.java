package io.sluice.core.policy;

/** A stored version was read back damaged (its document does not match its checksum, or a field is unreadable). */
public final class PolicyStoreCorruptionException extends PolicyStoreException {
    private static final long serialVersionUID = 1L;
    private final long version;

    public PolicyStoreCorruptionException(long version, String message) {
        super(message);
        this.version = version;
    }

    /** The damaged version's number. */
    public long version() {
        return version;
    }
}
