package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyStoreException;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlitePolicyStoreTest {
    private static final OptionalLong ANY = OptionalLong.empty();

    @TempDir
    Path dir;

    @Test
    void appendsAreNumberedFromOneAndReadBack() {
        try (SqlitePolicyStore store = SqlitePolicyStore.open(dir.resolve("policy.db"))) {
            assertThat(store.latest()).isEmpty();
            assertThat(store.versions()).isEmpty();
            assertThat(store.get(1)).isEmpty();

            PolicyVersion first = store.append("{\"a\":1}", "alice", "first", ANY);
            PolicyVersion second = store.append("{\"a\":2}", "bob", "", OptionalLong.of(1));

            assertThat(first.version()).isEqualTo(1);
            assertThat(second.version()).isEqualTo(2);
            assertThat(store.latest()).contains(second);
            assertThat(store.get(1)).contains(first);
            assertThat(store.get(2)).contains(second);
            assertThat(store.get(0)).isEmpty();
            assertThat(store.get(3)).isEmpty();
            assertThat(store.versions()).containsExactly(first, second);
        }
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        Path file = dir.resolve("nested/deeper/policy.db"); // parent directories do not exist yet
        Instant t = Instant.parse("2025-01-02T03:04:05.123456789Z");
        String unicode = "{\"name\":\"gpu-\u00e9\u4e2d\ud83d\ude80\"}"; // 2-, 3- and 4-byte UTF-8
        List<PolicyVersion> written = new ArrayList<>();
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file, Clock.fixed(t, ZoneOffset.UTC), Duration.ofSeconds(1))) {
            written.add(store.append(unicode, "\u00e5sa", "unicode \ud83d\ude80", ANY));
            written.add(store.append("{}", "bob", "empty", ANY));
        }
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            assertThat(store.versions()).containsExactlyElementsOf(written);
            assertThat(store.get(1).orElseThrow().document()).isEqualTo(unicode);
            assertThat(store.get(1).orElseThrow().createdAt()).isEqualTo(t);
            assertThat(store.append("{\"c\":3}", "carol", "after reopen", OptionalLong.of(2)).version()).isEqualTo(3);
        }
    }

    @Test
    void storeRunsWalWithFullSync() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            assertThat(store.pragma("journal_mode")).isEqualTo("wal");
            assertThat(store.pragma("synchronous")).isEqualTo("2"); // FULL
            assertThat(store.pragma("busy_timeout")).isEqualTo("10000");
        }
        // Marked as ours with a schema version, so a later Sluice can migrate it.
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertThat(SqliteSchema.queryLong(raw, "PRAGMA application_id")).isEqualTo(SqliteSchema.APPLICATION_ID);
            assertThat(SqliteSchema.queryLong(raw, "PRAGMA user_version")).isEqualTo(SqliteSchema.SCHEMA_VERSION);
        }
    }

    @Test
    void staleExpectedLatestIsRefusedAndWritesNothing() {
        try (SqlitePolicyStore store = SqlitePolicyStore.open(dir.resolve("policy.db"))) {
            assertThatThrownBy(() -> store.append("{}", "alice", "", OptionalLong.of(1)))
                    .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                        assertThat(e.expected()).isEqualTo(1);
                        assertThat(e.actual()).isEqualTo(0);
                    });
            assertThat(store.versions()).isEmpty();

            store.append("{\"v\":1}", "alice", "", OptionalLong.of(0));
            store.append("{\"v\":2}", "bob", "", OptionalLong.of(1));
            assertThatThrownBy(() -> store.append("{\"v\":\"lost\"}", "carol", "", OptionalLong.of(1)))
                    .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                        assertThat(e.expected()).isEqualTo(1);
                        assertThat(e.actual()).isEqualTo(2);
                        assertThat(e).hasMessageContaining("1").hasMessageContaining("2");
                    });
            assertThat(store.versions()).extracting(PolicyVersion::document).containsExactly("{\"v\":1}", "{\"v\":2}");
            // The refusal left no transaction open: the next append goes through.
            assertThat(store.append("{\"v\":3}", "carol", "", OptionalLong.of(2)).version()).isEqualTo(3);
        }
    }

    @Test
    void badArgumentsAreRefusedWithClearMessagesAndWriteNothing() {
        try (SqlitePolicyStore store = SqlitePolicyStore.open(dir.resolve("policy.db"))) {
            assertThatThrownBy(() -> store.append("{}", null, "", ANY))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("author");
            assertThatThrownBy(() -> store.append("{}", "alice", null, ANY))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("comment");
            assertThatThrownBy(() -> store.append(null, "alice", "", ANY))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("document");
            assertThatThrownBy(() -> store.append("{}", "alice", "", null))
                    .isInstanceOf(NullPointerException.class).hasMessageContaining("expectedLatest");
            assertThatThrownBy(() -> store.append("{}", "  ", "", ANY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author must not be blank");
            assertThatThrownBy(() -> store.append("{}", "a".repeat(SqlitePolicyStore.MAX_AUTHOR_LENGTH + 1), "", ANY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("author is 129 chars; at most 128");
            assertThatThrownBy(() -> store.append("{}", "alice", "c".repeat(SqlitePolicyStore.MAX_COMMENT_LENGTH + 1), ANY))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("comment is 4097 chars; at most 4096");
            assertThatThrownBy(() -> store.append("{\"x\":\"\ud800\"}", "alice", "", ANY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document is not well-formed");
            assertThatThrownBy(() -> store.append("{}", "alice\udc00", "", ANY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author is not well-formed");
            assertThatThrownBy(() -> store.append("{}", "alice", "", OptionalLong.of(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedLatest");
            assertThat(store.versions()).isEmpty();

            // The limits are inclusive.
            String longest = "a".repeat(SqlitePolicyStore.MAX_AUTHOR_LENGTH);
            assertThat(store.append("{}", longest, "c".repeat(SqlitePolicyStore.MAX_COMMENT_LENGTH), ANY).author())
                    .isEqualTo(longest);
        }
    }

    @Test
    void closedStoreRefusesUse() {
        SqlitePolicyStore store = SqlitePolicyStore.open(dir.resolve("policy.db"));
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(store::latest).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store.append("{}", "a", "", ANY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoThreadsSharingOneStoreGetDistinctContiguousVersions() throws Exception {
        try (SqlitePolicyStore store = SqlitePolicyStore.open(dir.resolve("policy.db"))) {
            appendConcurrently(store, store, 50);
        }
    }

    /** Two connections to one file: the same locking path two processes take. */
    @Test
    void twoThreadsWithTheirOwnConnectionsGetDistinctContiguousVersions() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore a = SqlitePolicyStore.open(file); SqlitePolicyStore b = SqlitePolicyStore.open(file)) {
            appendConcurrently(a, b, 50);
        }
    }

    private static void appendConcurrently(PolicyStore a, PolicyStore b, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<List<Long>> fromA = pool.submit(() -> appendMany(a, "a", perThread, start));
            Future<List<Long>> fromB = pool.submit(() -> appendMany(b, "b", perThread, start));
            start.countDown();
            List<Long> got = new ArrayList<>(fromA.get(60, TimeUnit.SECONDS));
            got.addAll(fromB.get(60, TimeUnit.SECONDS));

            long[] expected = LongStream.rangeClosed(1, 2L * perThread).toArray();
            assertThat(got).doesNotHaveDuplicates().hasSize(2 * perThread);
            List<PolicyVersion> stored = a.versions();
            assertThat(stored).extracting(PolicyVersion::version)
                    .containsExactly(LongStream.of(expected).boxed().toArray(Long[]::new));
            // Each append's returned number is the row that holds its document.
            for (PolicyVersion v : stored) {
                assertThat(v.document()).isEqualTo("{\"by\":\"" + v.author() + "\",\"n\":" + v.comment() + "}");
            }
            assertThat(stored).filteredOn(v -> v.author().equals("a")).hasSize(perThread);
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Long> appendMany(PolicyStore store, String author, int count, CountDownLatch start)
            throws InterruptedException {
        start.await();
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PolicyVersion v = store.append("{\"by\":\"" + author + "\",\"n\":" + i + "}", author, String.valueOf(i), ANY);
            numbers.add(v.version());
        }
        return numbers;
    }

    /**
     * While another connection holds the write lock, an append waits for it and then numbers after
     * what that writer committed: the latest number is read under the lock, not before it.
     */
    @Test
    void appendWaitsForAnotherWriterAndNumbersAfterIt() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file);
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SqliteSchema.execute(other, "BEGIN IMMEDIATE");
            insertRaw(other, 1, "{\"from\":\"other\"}");

            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<PolicyVersion> appended = pool.submit(() -> store.append("{\"from\":\"store\"}", "s", "", ANY));
                // Give the append the chance to run into the lock; the outcome below does not
                // depend on whether it did (if not, it simply starts after the commit).
                Thread.sleep(200);
                assertThat(appended).isNotDone();
                SqliteSchema.execute(other, "COMMIT");
                assertThat(appended.get(30, TimeUnit.SECONDS).version()).isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
            assertThat(store.versions()).extracting(PolicyVersion::document)
                    .containsExactly("{\"from\":\"other\"}", "{\"from\":\"store\"}");
        }
    }

    @Test
    void appendGivesUpAfterTheBusyTimeoutAndWritesNothing() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file, Clock.systemUTC(), Duration.ofMillis(100));
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            SqliteSchema.execute(other, "BEGIN IMMEDIATE");
            assertThatThrownBy(() -> store.append("{}", "s", "", ANY))
                    .isInstanceOf(PolicyStoreException.class)
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("busy timeout");
            SqliteSchema.execute(other, "ROLLBACK");
            assertThat(store.versions()).isEmpty();
            assertThat(store.append("{}", "s", "", ANY).version()).isEqualTo(1);
        }
    }

    /** Inserts a well-formed row behind the store's back, as another process's store would. */
    static void insertRaw(Connection c, long version, String document) throws Exception {
        byte[] body = Documents.encode(document);
        try (var s = c.prepareStatement("INSERT INTO policy_versions VALUES (?, 'raw', ?, '', ?, ?)")) {
            s.setLong(1, version);
            s.setString(2, Instant.EPOCH.toString());
            s.setBytes(3, body);
            s.setString(4, Documents.sha256Hex(body));
            s.executeUpdate();
        }
    }

    static void exec(Path file, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
