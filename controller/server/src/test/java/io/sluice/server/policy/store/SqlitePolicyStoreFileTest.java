package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyStoreCorruptionException;
import io.sluice.core.policy.PolicyStoreException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that are not (healthy) policy stores. */
class SqlitePolicyStoreFileTest {
    @TempDir
    Path dir;

    @Test
    void randomFileIsRefusedNamingThePathAndLeftUntouched() throws Exception {
        Path file = dir.resolve("random.bin");
        byte[] junk = new byte[8192];
        new Random(42).nextBytes(junk);
        Files.write(file, junk);

        assertThatThrownBy(() -> SqlitePolicyStore.open(file))
                .isInstanceOf(PolicyStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Sluice policy store");
        assertThat(Files.readAllBytes(file)).isEqualTo(junk);
        assertThat(dir.resolve("random.bin-wal")).doesNotExist();
    }

    @Test
    void textFileIsRefused() throws Exception {
        Path file = dir.resolve("policy.json");
        Files.writeString(file, "{\"not\": \"a database\"}\n".repeat(50));
        assertThatThrownBy(() -> SqlitePolicyStore.open(file))
                .isInstanceOf(PolicyStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Sluice policy store");
    }

    @Test
    void someOtherSqliteDatabaseIsRefusedAndNotConverted() throws Exception {
        Path file = dir.resolve("other.db");
        SqlitePolicyStoreTest.exec(file, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> SqlitePolicyStore.open(file))
                .isInstanceOf(PolicyStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a Sluice policy store");
        // Not switched to WAL or otherwise written.
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @Test
    void storeFromANewerSchemaIsRefused() throws Exception {
        Path file = dir.resolve("policy.db");
        SqlitePolicyStore.open(file).close();
        SqlitePolicyStoreTest.exec(file, "PRAGMA user_version=99");

        assertThatThrownBy(() -> SqlitePolicyStore.open(file))
                .isInstanceOf(PolicyStoreException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("schema version 99");
    }

    @Test
    void directoryIsRefusedNamingThePath() {
        assertThatThrownBy(() -> SqlitePolicyStore.open(dir))
                .isInstanceOf(PolicyStoreException.class)
                .hasMessageContaining(dir.toString())
                .hasMessageContaining("directory");
    }

    @Test
    void emptyFileBecomesAStore() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.db"));
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            assertThat(store.append("{}", "alice", "", OptionalLong.empty()).version()).isEqualTo(1);
        }
    }

    @Test
    void tamperedDocumentIsReportedAsCorruptionNamingTheVersion() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            for (int i = 1; i <= 3; i++) {
                store.append("{\"v\":" + i + "}", "alice", "", OptionalLong.empty());
            }
        }
        // One flipped character, as a bad disk block or a hand edit would leave it.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement s = c.prepareStatement("UPDATE policy_versions SET document = ? WHERE version = 2")) {
            s.setBytes(1, Documents.encode("{\"v\":9}"));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            assertThatThrownBy(() -> store.get(2))
                    .isInstanceOfSatisfying(PolicyStoreCorruptionException.class,
                            e -> assertThat(e.version()).isEqualTo(2))
                    .hasMessageContaining("policy version 2")
                    .hasMessageContaining(file.toString())
                    .hasMessageContaining("checksum");
            assertThatThrownBy(store::versions).isInstanceOf(PolicyStoreCorruptionException.class);
            // The intact versions still read.
            assertThat(store.get(1).orElseThrow().document()).isEqualTo("{\"v\":1}");
            assertThat(store.latest().orElseThrow().document()).isEqualTo("{\"v\":3}");
        }
    }

    @Test
    void unreadableTimestampIsReportedAsCorruption() throws Exception {
        Path file = dir.resolve("policy.db");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            store.append("{}", "alice", "", OptionalLong.empty());
        }
        SqlitePolicyStoreTest.exec(file, "UPDATE policy_versions SET created_at = 'yesterday'");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            assertThatThrownBy(store::latest)
                    .isInstanceOfSatisfying(PolicyStoreCorruptionException.class, e -> assertThat(e.version()).isEqualTo(1))
                    .hasMessageContaining("yesterday");
        }
    }
}
