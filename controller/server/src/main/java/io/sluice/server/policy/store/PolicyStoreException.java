package io.sluice.server.policy.store;

/**
 * The policy store could not do what was asked: the file could not be opened or is not a policy
 * store, the store stayed locked by another writer beyond the busy timeout, or an I/O error. The
 * message names the store's file.
 */
public class PolicyStoreException extends RuntimeException {
    public PolicyStoreException(String message) {
        super(message);
    }

    public PolicyStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
