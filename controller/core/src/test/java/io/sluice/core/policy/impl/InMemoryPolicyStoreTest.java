package io.sluice.core.policy.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import java.time.Clock;
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
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** The in-memory store keeps the same contract as the SQLite one: numbering, conditions, checks, closing. */
class InMemoryPolicyStoreTest {
    private static final OptionalLong ANY = OptionalLong.empty();
    private static final Instant T = Instant.parse("2025-01-02T03:04:05.123456789Z");
    private final InMemoryPolicyStore store = new InMemoryPolicyStore(Clock.fixed(T, ZoneOffset.UTC));

    @Test
    void appendsAreNumberedFromOneAndReadBack() {
        assertThat(store.latest()).isEmpty();
        assertThat(store.versions()).isEmpty();
        assertThat(store.get(1)).isEmpty();

        PolicyVersion first = store.append("{\"a\":1}", "alice", "first", ANY);
        PolicyVersion second = store.append("{\"a\":2}", "bob", "", OptionalLong.of(1));

        assertThat(first.version()).isEqualTo(1);
        assertThat(first.createdAt()).isEqualTo(T);
        assertThat(first.author()).isEqualTo("alice");
        assertThat(first.comment()).isEqualTo("first");
        assertThat(second.version()).isEqualTo(2);
        assertThat(store.latest()).contains(second);
        assertThat(store.get(1)).contains(first);
        assertThat(store.get(2)).contains(second);
        assertThat(store.get(0)).isEmpty();
        assertThat(store.get(-1)).isEmpty();
        assertThat(store.get(3)).isEmpty();
        assertThat(store.versions()).containsExactly(first, second);
    }

    @Test
    void versionsIsASnapshotNotAView() {
        store.append("{}", "alice", "", ANY);
        List<PolicyVersion> before = store.versions();
        store.append("{}", "bob", "", ANY);
        assertThat(before).hasSize(1);
        assertThatThrownBy(() -> before.add(before.get(0))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void staleExpectedLatestIsRefusedAndWritesNothing() {
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
                });
        assertThat(store.versions()).extracting(PolicyVersion::document).containsExactly("{\"v\":1}", "{\"v\":2}");
        assertThat(store.append("{\"v\":3}", "carol", "", OptionalLong.of(2)).version()).isEqualTo(3);
    }

    @Test
    void badArgumentsAreRefusedAsTheDurableStoreRefusesThemAndWriteNothing() {
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
        assertThatThrownBy(() -> store.append("{}", "a".repeat(PolicyStore.MAX_AUTHOR_LENGTH + 1), "", ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author is 129 chars; at most 128");
        assertThatThrownBy(() -> store.append("{}", "alice", "c".repeat(PolicyStore.MAX_COMMENT_LENGTH + 1), ANY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comment is 4097 chars; at most 4096");
        assertThatThrownBy(() -> store.append("{\"x\":\"\ud800\"}", "alice", "", ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("document is not well-formed");
        assertThatThrownBy(() -> store.append("{}", "alice\udc00", "", ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("author is not well-formed");
        assertThatThrownBy(() -> store.append("{}", "alice", "", OptionalLong.of(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedLatest");
        assertThat(store.versions()).isEmpty();

        String longest = "a".repeat(PolicyStore.MAX_AUTHOR_LENGTH);
        assertThat(store.append("{\"name\":\"gpu-\u00e9\u4e2d\ud83d\ude80\"}", longest,
                "c".repeat(PolicyStore.MAX_COMMENT_LENGTH), ANY).author()).isEqualTo(longest);
    }

    @Test
    void closedStoreRefusesUse() {
        store.close();
        store.close(); // idempotent
        assertThatThrownBy(store::latest).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(store::versions).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.get(1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.append("{}", "a", "", ANY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void twoThreadsGetDistinctContiguousVersions() throws Exception {
        int perThread = 200;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<List<Long>> a = pool.submit(() -> appendMany("a", perThread, start));
            Future<List<Long>> b = pool.submit(() -> appendMany("b", perThread, start));
            start.countDown();
            List<Long> got = new ArrayList<>(a.get(30, TimeUnit.SECONDS));
            got.addAll(b.get(30, TimeUnit.SECONDS));
            assertThat(got).doesNotHaveDuplicates().hasSize(2 * perThread);
            assertThat(store.versions()).extracting(PolicyVersion::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * perThread).boxed()
                            .collect(Collectors.toList()));
            for (PolicyVersion v : store.versions()) {
                assertThat(v.document()).isEqualTo(v.author() + v.comment());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private List<Long> appendMany(String author, int count, CountDownLatch start) throws InterruptedException {
        start.await();
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(store.append(author + i, author, String.valueOf(i), ANY).version());
        }
        return numbers;
    }
}
