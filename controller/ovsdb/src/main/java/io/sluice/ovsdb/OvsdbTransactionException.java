package io.sluice.ovsdb;

/**
 * An OVSDB {@code transact} was refused: one operation failed, or the commit itself did (for
 * instance a referential integrity violation). Nothing in the transaction was applied (RFC 7047
 * section 4.1.3: transactions are atomic).
 */
public final class OvsdbTransactionException extends OvsdbException {

    private final int operationIndex;
    private final String operation;
    private final String error;
    private final String details;

    /**
     * @param operationIndex position of the failed operation in the transaction, or the number of
     *                       operations when the commit failed
     * @param operation      what that operation was, such as {@code "insert into Queue"}, or
     *                       {@code "commit"}
     * @param error          OVSDB's error string, such as {@code "constraint violation"}
     * @param details        OVSDB's details, or an empty string if it gave none
     */
    public OvsdbTransactionException(int operationIndex, String operation, String error, String details) {
        super("OVSDB transaction failed at operation " + operationIndex + " (" + operation + "): " + error
                + (details.isEmpty() ? "" : ": " + details));
        this.operationIndex = operationIndex;
        this.operation = operation;
        this.error = error;
        this.details = details;
    }

    public int operationIndex() {
        return operationIndex;
    }

    public String operation() {
        return operation;
    }

    public String error() {
        return error;
    }

    public String details() {
        return details;
    }

    /** True if a {@code wait} operation found the rows changed: the caller's view was stale. */
    public boolean isStaleWait() {
        return operation.startsWith("wait") && "timed out".equals(error);
    }
}
