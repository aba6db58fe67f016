package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyStoreCorruptionException;
import io.sluice.core.policy.PolicyStoreException;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import io.sluice.core.policy.AppendChecks;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.sqlite.SQLiteConfig;

/**
 * Core's {@link PolicyStore} in one SQLite file (WAL journal, {@code synchronous=FULL}).
 *
 * <p>Several processes may open the same file: appends take SQLite's write lock before reading
 * the latest version number ({@code BEGIN IMMEDIATE}), so two appenders can never both pick the
 * same number, and wait up to a busy timeout for each other. Within a process one connection is
 * shared under a lock. Each document is stored with its SHA-256, checked on every read.
 */
public final class SqlitePolicyStore implements PolicyStore {
    // The bounds on author, comment and document are PolicyStore's (MAX_DOCUMENT_BYTES is well
    // under SQLite's 1 GB value limit).
    /** How long an append waits for another writer (another process) before giving up. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private static final String COLUMNS = "version, author, created_at, comment, document, sha256";

    private final Path file;
    private final Clock clock;
    private final Duration busyTimeout;
    private final Object lock = new Object();
    private Connection connection; // guarded by lock; null once closed

    private SqlitePolicyStore(Path file, Clock clock, Duration busyTimeout, Connection connection) {
        this.file = file;
        this.clock = clock;
        this.busyTimeout = busyTimeout;
        this.connection = connection;
    }

    /**
     * Opens the store at {@code path}, creating the file (and its parent directories) if absent.
     *
     * @throws PolicyStoreException naming the file, when it cannot be opened or created, is not a
     *                              Sluice policy store, or was written by a newer schema
     */
    public static SqlitePolicyStore open(Path path) {
        return open(path, Clock.systemUTC(), DEFAULT_BUSY_TIMEOUT);
    }

    /** {@link #open(Path)} with the clock that stamps versions and the busy timeout given. */
    static SqlitePolicyStore open(Path path, Clock clock, Duration busyTimeout) {
        Objects.requireNonNull(clock, "clock");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout out of range: " + busyTimeout);
        }
        Path file = path.toAbsolutePath().normalize();
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new PolicyStoreException("cannot create the directory of policy store " + file + ": " + e, e);
        }
        if (Files.isDirectory(file)) {
            throw new PolicyStoreException("cannot open policy store " + file + ": it is a directory");
        }
        SQLiteConfig config = new SQLiteConfig();
        // Set at open, before the first statement: even reading may wait for a writer's recovery.
        config.setBusyTimeout((int) busyTimeout.toMillis());
        Connection c;
        try {
            c = config.createConnection("jdbc:sqlite:" + file);
        } catch (SQLException e) {
            throw new PolicyStoreException("cannot open policy store " + file + ": " + e.getMessage(), e);
        }
        try {
            SqliteSchema.prepare(c, file);
            return new SqlitePolicyStore(file, clock, busyTimeout, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new PolicyStoreException(describeOpenFailure(file, e), e);
        } catch (RuntimeException e) {
            closeQuietly(c);
            throw e;
        }
    }

    /** The store's file. */
    public Path path() {
        return file;
    }

    @Override
    public Optional<PolicyVersion> latest() {
        return queryOne("SELECT " + COLUMNS + " FROM policy_versions ORDER BY version DESC LIMIT 1", null);
    }

    @Override
    public Optional<PolicyVersion> get(long version) {
        return queryOne("SELECT " + COLUMNS + " FROM policy_versions WHERE version = ?", version);
    }

    @Override
    public List<PolicyVersion> versions() {
        synchronized (lock) {
            Connection c = connection();
            // One statement: in autocommit it reads one consistent snapshot, even while another
            // process appends.
            try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM policy_versions ORDER BY version");
                    ResultSet r = s.executeQuery()) {
                List<PolicyVersion> all = new ArrayList<>();
                while (r.next()) {
                    all.add(read(r));
                }
                return List.copyOf(all);
            } catch (SQLException e) {
                throw failure("cannot read the versions", e);
            }
        }
    }

    @Override
    public PolicyVersion append(String document, String author, String comment, OptionalLong expectedLatest) {
        byte[] body = AppendChecks.check(document, author, comment, expectedLatest);
        String checksum = Documents.sha256Hex(body); // outside the lock: it is the slow part for big documents

        synchronized (lock) {
            Connection c = connection();
            try {
                // IMMEDIATE takes the write lock now, waiting up to the busy timeout for other
                // writers, so the latest number read below cannot change before our insert. A
                // plain (deferred) BEGIN would read first and could then fail to upgrade.
                SqliteSchema.execute(c, "BEGIN IMMEDIATE");
            } catch (SQLException e) {
                throw failure("cannot take the write lock", e);
            }
            boolean committed = false;
            try {
                long actual = SqliteSchema.queryLong(c, "SELECT coalesce(max(version), 0) FROM policy_versions");
                if (expectedLatest.isPresent() && expectedLatest.getAsLong() != actual) {
                    throw new StaleVersionException(expectedLatest.getAsLong(), actual);
                }
                PolicyVersion stored = new PolicyVersion(actual + 1, author, clock.instant(), comment, document);
                try (PreparedStatement s = c.prepareStatement(
                        "INSERT INTO policy_versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                    s.setLong(1, stored.version());
                    s.setString(2, author);
                    s.setString(3, stored.createdAt().toString());
                    s.setString(4, comment);
                    s.setBytes(5, body);
                    s.setString(6, checksum);
                    s.executeUpdate();
                }
                // With synchronous=FULL this returns only once the log is fsynced.
                SqliteSchema.execute(c, "COMMIT");
                committed = true;
                return stored;
            } catch (SQLException e) {
                throw failure("cannot append a version", e);
            } finally {
                if (!committed) {
                    SqliteSchema.rollbackQuietly(c);
                }
            }
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (connection == null) {
                return;
            }
            Connection c = connection;
            connection = null;
            try {
                c.close();
            } catch (SQLException e) {
                throw failure("cannot close", e);
            }
        }
    }

    /** A pragma's current value on the store's connection; for tests. */
    String pragma(String name) {
        synchronized (lock) {
            try {
                return SqliteSchema.queryString(connection(), "PRAGMA " + name);
            } catch (SQLException e) {
                throw failure("cannot read pragma " + name, e);
            }
        }
    }

    private Optional<PolicyVersion> queryOne(String sql, Long version) {
        synchronized (lock) {
            Connection c = connection();
            try (PreparedStatement s = c.prepareStatement(sql)) {
                if (version != null) {
                    s.setLong(1, version);
                }
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(read(r)) : Optional.empty();
                }
            } catch (SQLException e) {
                throw failure("cannot read", e);
            }
        }
    }

    /** The row as a version, after checking the document against its checksum. */
    private PolicyVersion read(ResultSet r) throws SQLException {
        long version = r.getLong(1);
        byte[] body = r.getBytes(5);
        String storedSum = r.getString(6);
        if (body == null || storedSum == null) {
            throw corrupt(version, "document or checksum missing");
        }
        String actualSum = Documents.sha256Hex(body);
        if (!actualSum.equals(storedSum)) {
            throw corrupt(version, "document does not match its checksum (stored " + storedSum + ", computed "
                    + actualSum + " over " + body.length + " bytes)");
        }
        try {
            return new PolicyVersion(version, r.getString(2), Instant.parse(r.getString(3)), r.getString(4),
                    Documents.decode(body));
        } catch (CharacterCodingException | DateTimeParseException | NullPointerException | IllegalArgumentException e) {
            throw corrupt(version, "unreadable field: " + e);
        }
    }

    private PolicyStoreCorruptionException corrupt(long version, String why) {
        return new PolicyStoreCorruptionException(version, "policy version " + version + " in " + file
                + " is corrupt: " + why);
    }

    private Connection connection() {
        if (connection == null) {
            throw new IllegalStateException("policy store " + file + " is closed");
        }
        return connection;
    }

    private PolicyStoreException failure(String what, SQLException e) {
        String message = "policy store " + file + ": " + what + ": " + e.getMessage();
        if (primaryCode(e) == 5) { // SQLITE_BUSY
            message += " (locked by another writer; waited up to the busy timeout, " + busyTimeout.toMillis() + " ms)";
        }
        return new PolicyStoreException(message, e);
    }

    private static String describeOpenFailure(Path file, SQLException e) {
        return switch (primaryCode(e)) {
            case 26 -> file + " is not a Sluice policy store: it is not an SQLite database"; // SQLITE_NOTADB
            case 11 -> "cannot open policy store " + file + ": the database file is corrupt: " + e.getMessage(); // SQLITE_CORRUPT
            default -> "cannot open policy store " + file + ": " + e.getMessage();
        };
    }

    /** SQLite's primary result code (extended codes carry it in their low byte). */
    private static int primaryCode(SQLException e) {
        return e.getErrorCode() & 0xff;
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Already failing with a better message.
        }
    }
}
