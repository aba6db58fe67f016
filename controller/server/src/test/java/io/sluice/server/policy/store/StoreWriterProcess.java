package io.sluice.server.policy.store;

import io.sluice.core.policy.PolicyVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The child JVM of {@link SqlitePolicyStoreCrashTest}; not a test itself. Talks to the parent in
 * lines on stdout (and, in race mode, stdin):
 * <ul>
 *   <li>{@code crash FILE SIZE MAX}: appends documents of SIZE chars, printing {@code writing N}
 *       just before each append and {@code acked N} once it returned, until killed (or MAX).
 *   <li>{@code race FILE AUTHOR COUNT}: prints {@code started}, waits for {@code open}, opens the
 *       store, prints {@code ready}, waits for {@code go}, appends COUNT small documents as fast as
 *       it can, prints {@code done}.
 * </ul>
 */
public final class StoreWriterProcess {
    private StoreWriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path file = Path.of(args[1]);
        switch (args[0]) {
            case "crash" -> crash(out, file, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            case "race" -> race(out, file, args[2], Integer.parseInt(args[3]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static void crash(PrintStream out, Path file, int size, int max) {
        dieWithParent();
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            long next = store.latest().map(PolicyVersion::version).orElse(0L) + 1;
            for (int i = 0; i < max; i++, next++) {
                String document = documentFor(next, size); // built first, so the kill lands in append
                out.println("writing " + next);
                store.append(document, "crash-test", "v" + next, OptionalLong.of(next - 1));
                out.println("acked " + next);
            }
        }
        out.println("done");
    }

    private static void race(PrintStream out, Path file, String author, int count) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        // Two barriers, so that both children create the file at the same moment and then append
        // at the same moment (JVM start-up and the driver's native library load vary by far more
        // than the appends take).
        out.println("started");
        await(in, "open");
        try (SqlitePolicyStore store = SqlitePolicyStore.open(file)) {
            out.println("ready");
            await(in, "go");
            for (int i = 0; i < count; i++) {
                store.append(raceDocument(author, i), author, String.valueOf(i), OptionalLong.empty());
            }
        }
        out.println("done");
    }

    private static void await(BufferedReader in, String word) throws IOException {
        String line = in.readLine();
        if (!word.equals(line)) {
            throw new IllegalStateException("expected '" + word + "' from the parent, got " + line);
        }
    }

    /** Exactly {@code size} ASCII chars, different for every version, so the parent can check each byte. */
    static String documentFor(long version, int size) {
        String head = "{\"version\":" + version + ",\"pad\":\"";
        String tail = "\"}";
        char[] pad = new char[size - head.length() - tail.length()];
        for (int i = 0; i < pad.length; i++) {
            pad[i] = (char) ('a' + (int) ((i * 7L + version) % 26));
        }
        return head + new String(pad) + tail;
    }

    static String raceDocument(String author, int index) {
        return "{\"by\":\"" + author + "\",\"n\":" + index + "}";
    }

    /** A child left behind by a dead test JVM would write until the disk fills: stop when stdin closes. */
    private static void dieWithParent() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // The parent never writes in crash mode; just wait for end of stream.
                }
            } catch (IOException ignored) {
                // Treated as the parent being gone.
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
