package io.sluice.core.policy;

/**
 * The policy store could not do what was asked: for a store in a file, the file could not be opened
 * or is not a policy store, the store stayed locked by another writer beyond the busy timeout, or an
 * I/O error; the message names the store.
 */
public class PolicyStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PolicyStoreException(String message) {
        super(message);
    }

    public PolicyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
