package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyStoreException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Recognises, creates and (later) migrates the store's schema.
 *
 * <p>A Sluice store is marked in the SQLite header: {@code application_id} says the file is one,
 * {@code user_version} holds its schema version. Both are read before anything is written, so
 * opening some other file by mistake leaves it untouched.
 */
final class SqliteSchema {
    /** "Sluc" in ASCII: marks the file as a Sluice policy store. */
    static final int APPLICATION_ID = 0x536c7563;
    /** The schema this build writes; bump it and add a migration step when the schema changes. */
    static final int SCHEMA_VERSION = 1;

    // STRICT so that a value of the wrong type is refused rather than stored (SQLite >= 3.37,
    // which the driver bundles). The document is the UTF-8 bytes the checksum was computed over.
    private static final String CREATE_VERSIONS = """
            CREATE TABLE policy_versions (
                version    INTEGER PRIMARY KEY CHECK (version >= 1),
                author     TEXT    NOT NULL,
                created_at TEXT    NOT NULL,
                comment    TEXT    NOT NULL,
                document   BLOB    NOT NULL,
                sha256     TEXT    NOT NULL
            ) STRICT""";

    /** EMPTY: nothing yet; HALF_MADE: our table without the header marks (a creator is mid-way). */
    private enum Kind { EMPTY, HALF_MADE, SLUICE }

    private SqliteSchema() {
    }

    /**
     * Makes {@code c} ready for use: checks the file is empty or a Sluice store this build can
     * read, switches it to WAL with {@code synchronous=FULL}, and creates the schema if absent.
     */
    static void prepare(Connection c, Path file) throws SQLException {
        // Read-only look first: the first read also fails with SQLITE_NOTADB on a non-SQLite file.
        check(c, file);

        // WAL: readers never block the writer and a commit is one append to the log, so a crash
        // mid-write leaves an uncommitted tail that recovery ignores. Persistent in the file.
        String mode = queryString(c, "PRAGMA journal_mode=WAL");
        if (!"wal".equalsIgnoreCase(mode)) {
            throw new PolicyStoreException("cannot use policy store " + file
                    + ": SQLite refused WAL journal mode (it is " + mode + "); is the file system a network one?");
        }
        // FULL: the log is fsynced at every commit, so an acknowledged version survives power loss,
        // not only a process crash. Per connection, so set on every open.
        execute(c, "PRAGMA synchronous=FULL");

        // Create under the write lock and look again: another process may be creating it too.
        execute(c, "BEGIN IMMEDIATE");
        boolean committed = false;
        try {
            Kind kind = check(c, file);
            if (kind == Kind.EMPTY) {
                execute(c, CREATE_VERSIONS);
            }
            if (kind != Kind.SLUICE) {
                // Header pragmas are not covered by the table's creation: another process can see
                // the table before the marks. Finishing a half-made store is safe under this lock.
                execute(c, "PRAGMA application_id=" + APPLICATION_ID);
                execute(c, "PRAGMA user_version=" + SCHEMA_VERSION);
            }
            // Schema version < SCHEMA_VERSION would be migrated here, in this same transaction.
            execute(c, "COMMIT");
            committed = true;
        } finally {
            if (!committed) {
                rollbackQuietly(c);
            }
        }
    }

    private static Kind check(Connection c, Path file) throws SQLException {
        long applicationId = queryLong(c, "PRAGMA application_id");
        long schemaVersion = queryLong(c, "PRAGMA user_version");
        if (applicationId == APPLICATION_ID) {
            if (schemaVersion > SCHEMA_VERSION) {
                throw new PolicyStoreException("cannot open policy store " + file + ": it has schema version "
                        + schemaVersion + ", written by a newer Sluice; this one reads up to " + SCHEMA_VERSION);
            }
            if (schemaVersion < 1) {
                throw new PolicyStoreException("cannot open policy store " + file
                        + ": it is marked as a Sluice policy store but has no schema version");
            }
            return Kind.SLUICE;
        }
        long objects = queryLong(c, "SELECT count(*) FROM sqlite_schema");
        if (applicationId == 0 && schemaVersion == 0 && objects == 0) {
            return Kind.EMPTY;
        }
        if (applicationId == 0 && schemaVersion <= SCHEMA_VERSION && objects == 1
                && queryLong(c, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'policy_versions'") == 1) {
            return Kind.HALF_MADE;
        }
        throw new PolicyStoreException(file + " is not a Sluice policy store: it is an SQLite database of"
                + " something else (application_id " + applicationId + ", " + objects + " schema objects)");
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static void rollbackQuietly(Connection c) {
        try {
            execute(c, "ROLLBACK");
        } catch (SQLException ignored) {
            // SQLite may already have rolled back (on some I/O errors); nothing more to undo.
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getString(1) : null;
        }
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        }
    }
}
