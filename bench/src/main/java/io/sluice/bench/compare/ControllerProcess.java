package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A controller the comparison started: its process (ended by pid, never by name), the port it
 * listens on, and the CPU time it has used, read from /proc so that each controller's cost per
 * answer can be set beside its speed on a machine it shares with the emulator.
 */
public final class ControllerProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;
    private final Path log;
    /** The signal that asks it to stop: TERM, or INT for a program that only stops on Ctrl-C (os-ken). */
    private final String stopSignal;
    /** Every controller started and not yet stopped: a shutdown (Ctrl-C, TERM) stops them, by pid. */
    private static final java.util.Set<ControllerProcess> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private ControllerProcess(String name, Process process, int port, Path log, String stopSignal) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
        this.stopSignal = stopSignal;
    }

    /** Starts {@code command}, output to {@code log}, and waits until something listens on {@code port}. */
    static ControllerProcess start(String name, List<String> command, Path dir, java.util.Map<String, String> env,
            int port, Duration timeout) throws IOException, InterruptedException {
        return start(name, command, dir, env, port, timeout, "TERM");
    }

    /** As above, stopped with {@code stopSignal} (TERM or INT) rather than TERM. */
    static ControllerProcess start(String name, List<String> command, Path dir, java.util.Map<String, String> env,
            int port, Duration timeout, String stopSignal) throws IOException, InterruptedException {
        if (listening(port)) {
            throw new IOException("port " + port + " is in use before " + name + " started (ss -ltnp 'sport = :" + port
                    + "' shows by what)");
        }
        Path log = dir.resolve(name + ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p = pb.start();
        ControllerProcess c = new ControllerProcess(name, p, port, log, stopSignal);
        LIVE.add(c);
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!listening(port)) {
                if (!p.isAlive()) {
                    throw new IOException(name + " exited (" + p.exitValue() + ") before listening on " + port + ": "
                            + tail(log));
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(name + " did not listen on " + port + " within " + timeout.toSeconds()
                            + " s: " + tail(log));
                }
                Thread.sleep(50);
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Stops every controller started here and not stopped yet (for a shutdown hook). */
    public static void stopAll() {
        for (ControllerProcess c : List.copyOf(LIVE)) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** CPU time (user + system) the process has used so far, in seconds. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clockTicks();
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static long clockTicks() {
        return 100; // USER_HZ: 100 on every Linux the project targets (getconf CLK_TCK)
    }

    /** Ends the process: TERM, up to 15 s, then KILL; waits for the port to be free again. */
    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            LIVE.remove(this); // after it is stopped: a shutdown meanwhile still finds it
        }
    }

    private void stop() throws InterruptedException {
        if (process.isAlive()) {
            if (stopSignal.equals("TERM")) {
                process.destroy();
            } else {
                try {
                    new ProcessBuilder("kill", "-s", stopSignal, Long.toString(process.pid())).start().waitFor();
                } catch (IOException e) {
                    process.destroy();
                }
            }
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (listening(port) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    /** Whether a socket on this machine listens on TCP {@code port} (from /proc/net/tcp, without connecting). */
    static boolean listening(int port) {
        String hex = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hex) && f[3].equals("0A")) {
                        return true;
                    }
                }
            } catch (IOException e) {
                // no IPv6 table on this machine: the other one says it
            }
        }
        return false;
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public Path log() {
        return log;
    }
}
