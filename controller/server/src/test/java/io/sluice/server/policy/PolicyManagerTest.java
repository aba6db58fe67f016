package io.sluice.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.server.policy.store.SqlitePolicyStore;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes in force at start-up, from a real SQLite store. */
class PolicyManagerTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyStoreStartsWithTheDefaultPolicyAsVersionOne() {
        PolicyManager m = new PolicyManager(SqlitePolicyStore.open(dir.resolve("p.db")));
        m.start();
        assertThat(m.current().version().version()).isEqualTo(1);
        assertThat(m.current().policy().rule("triton")).isPresent();
        m.stop();
    }

    @Test
    void aNewestVersionThatNoLongerLoadsDoesNotKeepTheControllerDown() {
        Path db = dir.resolve("p.db");
        PolicyManager first = new PolicyManager(SqlitePolicyStore.open(db));
        first.start();
        first.stop();
        try (SqlitePolicyStore store = SqlitePolicyStore.open(db)) {
            // As an older Sluice with looser rules might have stored it: DSCP 99 is not valid today.
            String invalid = PolicyDocument.toJson(first.current().policy()).replace("\"dscp\":26", "\"dscp\":99");
            store.append(invalid, "old-sluice", "looser days", OptionalLong.of(1));
        }
        PolicyManager again = new PolicyManager(SqlitePolicyStore.open(db));
        again.start();
        assertThat(again.current().version().version()).as("the newest valid version").isEqualTo(1);
        again.stop();
    }
}
