package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyVersion;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other processes on the same file: one killed mid-write, two appending at once. */
class SqlitePolicyStoreCrashTest {
    /** Big enough that writing and fsyncing one takes a while, so the kill lands inside an append. */
    private static final int DOCUMENT_SIZE = 2 * 1024 * 1024;
    private static final int ACKS_BEFORE_KILL = 3;
    private static final long TIMEOUT_SECONDS = 120;

    @TempDir
    Path dir;

    @RepeatedTest(3)
    void killDuringAnAppendLosesNoAcknowledgedVersionAndLeavesNoPartialOne() throws Exception {
        Path file = dir.resolve("policy.db");
        SortedSet<Long> acked = new TreeSet<>();
        long killedWhileWriting;
        try (ChildJvm child = ChildJvm.start(dir, "crash", TIMEOUT_SECONDS, "crash", file.toString(),
                String.valueOf(DOCUMENT_SIZE), "40")) {
            while (true) {
                String line = child.nextLine();
                if (line.startsWith("acked ")) {
                    acked.add(Long.parseLong(line.substring("acked ".length())));
                } else if (line.startsWith("writing ") && acked.size() >= ACKS_BEFORE_KILL) {
                    killedWhileWriting = Long.parseLong(line.substring("writing ".length()));
                    break;
                } else if (!line.startsWith("writing ")) {
                    throw new AssertionError("unexpected line from child: " + line + child.stderrText());
                }
            }
            child.process().destroyForcibly();
            int exit = child.awaitExit();
            assertThat(exit).as("the child was killed, not finished").isNotZero();
            // Whatever it acknowledged before the kill landed counts as acknowledged too.
            for (String line : child.remainingLines()) {
                assertThat(line).doesNotStartWith("done");
                if (line.startsWith("acked ")) {
                    acked.add(Long.parseLong(line.substring("acked ".length())));
                }
            }
        }
        assertThat(acked).containsExactlyElementsOf(LongStream.rangeClosed(1, acked.last()).boxed().toList());

        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            List<PolicyVersion> versions = store.versions(); // verifies every checksum
            long k = versions.size();
            assertThat(versions).extracting(PolicyVersion::version)
                    .as("contiguous from 1").containsExactlyElementsOf(LongStream.rangeClosed(1, k).boxed().toList());
            assertThat(k).as("every acknowledged version is there").isGreaterThanOrEqualTo(acked.last());
            for (PolicyVersion v : versions) {
                assertThat(v.document().length()).as("length of version %d", v.version()).isEqualTo(DOCUMENT_SIZE);
                // Not isEqualTo: a failure would print two 2 MB strings.
                assertThat(v.document().equals(StoreWriterProcess.documentFor(v.version(), DOCUMENT_SIZE)))
                        .as("content of version %d", v.version()).isTrue();
            }
            PolicyVersion next = store.append("{\"after\":\"crash\"}", "test", "", OptionalLong.of(k));
            assertThat(next.version()).isEqualTo(k + 1);
            assertThat(store.latest()).contains(next);
            System.out.printf("killed while writing %d; %d acknowledged; %d stored (%s)%n", killedWhileWriting,
                    acked.last(), k, k > acked.last() ? "the in-flight one committed" : "the in-flight one rolled back");
        }
    }

    /** Two processes creating the file at once, then appending at once. */
    @Test
    void twoProcessesAppendingAtOnceNeverShareOrLoseANumber() throws Exception {
        Path file = dir.resolve("sub/policy.db");
        int each = 200;
        try (ChildJvm a = ChildJvm.start(dir, "a", TIMEOUT_SECONDS, "race", file.toString(), "proc-a", String.valueOf(each));
                ChildJvm b = ChildJvm.start(dir, "b", TIMEOUT_SECONDS, "race", file.toString(), "proc-b", String.valueOf(each))) {
            for (String[] step : new String[][] {{"started", "open"}, {"ready", "go"}}) {
                a.expectLine(step[0]);
                b.expectLine(step[0]);
                a.send(step[1]);
                b.send(step[1]);
            }
            a.expectLine("done");
            b.expectLine("done");
            assertThat(a.awaitExit()).as("proc-a exit" + a.stderrText()).isZero();
            assertThat(b.awaitExit()).as("proc-b exit" + b.stderrText()).isZero();
        }

        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            List<PolicyVersion> versions = store.versions();
            assertThat(versions).extracting(PolicyVersion::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 2L * each).boxed().toList());
            for (String author : List.of("proc-a", "proc-b")) {
                // Each process's own appends are all there, in the order it made them.
                List<PolicyVersion> mine = versions.stream().filter(v -> v.author().equals(author)).toList();
                assertThat(mine).extracting(PolicyVersion::comment)
                        .containsExactlyElementsOf(LongStream.range(0, each).mapToObj(String::valueOf).toList());
                for (PolicyVersion v : mine) {
                    assertThat(v.document()).isEqualTo(StoreWriterProcess.raceDocument(author, Integer.parseInt(v.comment())));
                }
            }
        }
    }
}
