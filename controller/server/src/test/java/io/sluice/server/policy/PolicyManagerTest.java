package io.sluice.server.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.policy.codec.DefaultPolicy;
import io.sluice.policy.codec.JacksonPolicyCodec;
import io.sluice.policy.codec.PolicyDocument;
import io.sluice.server.policy.store.SqlitePolicyStore;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What goes in force at start-up, from a real SQLite store, as the controller starts it. */
class PolicyManagerTest {
    @TempDir
    Path dir;

    private static PolicyManager manager(Path db) {
        return new PolicyManager(SqlitePolicyStore.open(db), new JacksonPolicyCodec(), DefaultPolicy.policy());
    }

    @Test
    void anEmptyStoreStartsWithTheDefaultPolicyAsVersionOne() {
        PolicyManager m = manager(dir.resolve("p.db"));
        m.activate();
        assertThat(m.current().version().version()).isEqualTo(1);
        assertThat(m.current().policy().rule("triton")).isPresent();
        m.deactivate();
    }

    @Test
    void aNewestVersionThatNoLongerLoadsDoesNotKeepTheControllerDown() {
        Path db = dir.resolve("p.db");
        PolicyManager first = manager(db);
        first.activate();
        first.deactivate();
        try (SqlitePolicyStore store = SqlitePolicyStore.open(db)) {
            // As an older Sluice with looser rules might have stored it: DSCP 99 is not valid today.
            String invalid = PolicyDocument.toJson(first.current().policy()).replace("\"dscp\":26", "\"dscp\":99");
            store.append(invalid, "old-sluice", "looser days", OptionalLong.of(1));
        }
        PolicyManager again = manager(db);
        again.activate();
        assertThat(again.current().version().version()).as("the newest valid version").isEqualTo(1);
        again.deactivate();
    }
}
