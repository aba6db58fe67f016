package io.sluice.server.policy.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link StoreWriterProcess} in its own JVM, with its stdout read line by line in the
 * background so that every wait on it has a deadline.
 */
final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000<end of stdout>";

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final long deadlineNanos;

    private ChildJvm(Process process, Path stderr, long deadlineNanos) {
        this.process = process;
        this.stderr = stderr;
        this.deadlineNanos = deadlineNanos;
        Thread reader = new Thread(this::pump, "child-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code StoreWriterProcess args...}; every later wait on it ends by {@code timeoutSeconds} from now. */
    static ChildJvm start(Path workDir, String name, long timeoutSeconds, String... args) throws IOException {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreWriterProcess.class.getName()));
        command.addAll(List.of(args));
        Path stderr = workDir.resolve(name + "-stderr.txt");
        Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        return new ChildJvm(process, stderr, System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds));
    }

    Process process() {
        return process;
    }

    /** The next line of stdout; fails (with the child's stderr) on end of stream or at the deadline. */
    String nextLine() throws InterruptedException {
        String line = lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
            throw new AssertionError("child " + process.pid() + " printed nothing more before the deadline" + stderrText());
        }
        if (line == EOF) {
            lines.add(EOF); // stays at end of stream
            throw new AssertionError("child " + process.pid() + " closed stdout" + stderrText());
        }
        return line;
    }

    void expectLine(String expected) throws InterruptedException {
        String line = nextLine();
        if (!line.equals(expected)) {
            throw new AssertionError("child said '" + line + "', expected '" + expected + "'" + stderrText());
        }
    }

    /** The rest of stdout, once the child has exited (or the deadline passed). */
    List<String> remainingLines() throws InterruptedException {
        List<String> rest = new ArrayList<>();
        while (true) {
            String line = lines.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("child " + process.pid() + " stdout did not end before the deadline");
            }
            if (line == EOF) {
                return rest;
            }
            rest.add(line);
        }
    }

    void send(String line) throws IOException {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write(line + "\n");
        in.flush();
    }

    /** Waits for exit until the deadline; returns the exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            throw new AssertionError("child " + process.pid() + " did not exit before the deadline" + stderrText());
        }
        return process.exitValue();
    }

    String stderrText() {
        try {
            return "\n--- child stderr ---\n" + Files.readString(stderr);
        } catch (IOException e) {
            return "\n(child stderr unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lines.add(line);
            }
        } catch (IOException ignored) {
            // The stream ends with the process; either way the stream is over.
        }
        lines.add(EOF);
    }
}
