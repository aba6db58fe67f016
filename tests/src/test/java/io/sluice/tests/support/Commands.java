package io.sluice.tests.support;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command line tool (ovs-vsctl, ovs-ofctl, a lab script) and returns its output, failing loudly. */
public final class Commands {
    private static final Duration DEFAULT_LIMIT = Duration.ofSeconds(30);
    /** After TERM at the limit, this long to tear down (a Mininet fabric takes seconds) before KILL. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    private Commands() {
    }

    public static String run(String... command) {
        Result r = tryRun(command);
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exitCode() + ": " + r.output());
        }
        return r.output();
    }

    public static Result tryRun(String... command) {
        return tryRun(DEFAULT_LIMIT, command);
    }

    /**
     * Runs {@code command} for at most {@code limit}; then asks it to stop (TERM) so that it can
     * clean up, and kills it only if it has not within a grace period. Output goes through a file,
     * so a chatty command can never block on a full pipe.
     */
    public static Result tryRun(Duration limit, String... command) {
        File out = null;
        try {
            out = File.createTempFile("sluice-cmd", ".out");
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true)
                    .redirectOutput(out).start();
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + limit
                        + "; output: " + read(out));
            }
            return new Result(p.exitValue(), read(out));
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0] + " (is it installed? ./sluice setup installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        } finally {
            if (out != null) {
                out.delete();
            }
        }
    }

    private static String read(File f) throws IOException {
        return Files.readString(f.toPath(), StandardCharsets.UTF_8);
    }

    /** Exit code and combined stdout/stderr. */
    public record Result(int exitCode, String output) {
    }
}
