package io.sluice.ovsdb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A private, real {@code ovsdb-server} on a fresh vswitch database in a test's temporary directory,
 * listening on {@code <dir>/db.sock}. It never touches the system's Open vSwitch: its own database
 * file, socket, pidfile and control socket, and it is ended through its own Process handle.
 */
final class OvsdbServerProcess implements AutoCloseable {

    static final Path SCHEMA = Path.of("/usr/share/openvswitch/vswitch.ovsschema");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    private static final Optional<String> OVSDB_SERVER = find("ovsdb-server");
    private static final Optional<String> OVSDB_TOOL = find("ovsdb-tool");
    private static final Optional<String> OVS_VSCTL = find("ovs-vsctl");

    private final Path dir;
    private final Path socket;
    private final Process process;
    private final AtomicInteger commands = new AtomicInteger();

    private OvsdbServerProcess(Path dir, Path socket, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.process = process;
    }

    /**
     * Creates {@code <dir>/conf.db} and starts ovsdb-server on it. It also serves the remotes named
     * by the Open_vSwitch row's manager_options, so a test can add one (see {@link #addManager}).
     */
    static OvsdbServerProcess start(Path dir) throws Exception {
        assumeTrue(Files.isReadable(SCHEMA) && OVSDB_SERVER.isPresent() && OVSDB_TOOL.isPresent()
                && OVS_VSCTL.isPresent(), "Open vSwitch (ovsdb-server, ovsdb-tool, ovs-vsctl, "
                + SCHEMA + ") is not installed");
        Path db = dir.resolve("conf.db");
        Path socket = dir.resolve("db.sock");
        run(dir, "ovsdb-tool", List.of(OVSDB_TOOL.get(), "create", db.toString(), SCHEMA.toString()));
        Process process = new ProcessBuilder(OVSDB_SERVER.get(), db.toString(),
                "--remote=punix:" + socket,
                "--remote=db:Open_vSwitch,Open_vSwitch,manager_options",
                "--pidfile=" + dir.resolve("pid"),
                "--unixctl=" + dir.resolve("ctl"),
                "--no-chdir",
                "--log-file=" + dir.resolve("log"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("ovsdb-server.out").toFile())
                .start();
        OvsdbServerProcess server = new OvsdbServerProcess(dir, socket, process);
        try {
            server.awaitAccepting(socket, Duration.ofSeconds(10));
        } catch (Exception | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    Path socket() {
        return socket;
    }

    OvsdbEndpoint endpoint() {
        return new OvsdbEndpoint.Unix(socket);
    }

    /**
     * Runs {@code ovs-vsctl --db=unix:<socket> --no-wait --timeout=10 args...} and returns its
     * trimmed standard output. {@code --no-wait} because no ovs-vswitchd will ever apply the change.
     *
     * @throws AssertionError with ovs-vsctl's stderr if it fails
     */
    String vsctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(OVS_VSCTL.get(), "--db=unix:" + socket, "--no-wait",
                "--timeout=" + COMMAND_TIMEOUT.toSeconds()));
        command.addAll(List.of(args));
        return run(dir, "vsctl-" + commands.incrementAndGet(), command);
    }

    /**
     * Adds a Manager row whose target is a second unix socket, with the given inactivity probe, and
     * waits until the server listens there. ovsdb-server sends echo requests on such a connection
     * (it sends none on plain --remote=punix: ones).
     */
    Path addManager(String socketName, Duration inactivityProbe) throws Exception {
        Path managerSocket = dir.resolve(socketName);
        vsctl("--", "--id=@m", "create", "Manager", "target=\"punix:" + managerSocket + "\"",
                "inactivity_probe=" + inactivityProbe.toMillis(),
                "--", "add", "Open_vSwitch", ".", "manager_options", "@m");
        awaitAccepting(managerSocket, Duration.ofSeconds(10));
        return managerSocket;
    }

    /** Terminates the server, forcibly if it has not exited after a bounded wait. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly(); // never leave the server behind, even when interrupted
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAccepting(Path path, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError("ovsdb-server exited with " + process.exitValue() + ": " + log());
            }
            try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                probe.connect(UnixDomainSocketAddress.of(path));
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(path + " did not accept within " + limit + ": " + log(), notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Polls {@code condition} until it holds, failing with {@code what} once {@code limit} has passed. */
    static void await(Duration limit, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("log");
        return Files.exists(log) ? Files.readString(log) : "(no log)";
    }

    private static String run(Path dir, String name, List<String> command) throws Exception {
        // Output goes to files, not pipes, so a chatty command can never block on a full pipe.
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(5, TimeUnit.SECONDS);
            throw new AssertionError(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return Files.readString(out, StandardCharsets.UTF_8).strip();
    }

    /** The program's absolute path: ovsdb-server lives in sbin, which is often off a user's PATH. */
    private static Optional<String> find(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(path == null ? List.of() : List.of(path.split(":")));
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .map(Path::toString).findFirst();
    }
}
