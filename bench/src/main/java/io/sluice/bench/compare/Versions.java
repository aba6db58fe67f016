package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What each contender is, exactly, as its own commands say. */
final class Versions {
    private Versions() {
    }

    /** The first line a command prints, or what went wrong running it. */
    static String firstLine(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            int nl = out.indexOf('\n');
            return nl < 0 ? out : out.substring(0, nl);
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /** The commit Sluice is built from ({@code git describe --always --dirty}), if this is a clone. */
    static String gitDescribe() {
        String d = firstLine("git", "describe", "--always", "--dirty");
        return d.startsWith("unknown") || d.startsWith("fatal") ? "(not a git clone)" : d;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static String javaVersion() {
        return "Java " + System.getProperty("java.runtime.version");
    }
}
