package io.sluice.tests.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tcpdump on one switch port (in the root namespace, where Mininet's switch ports live), verbose,
 * into files; started and stopped by the test.
 */
public final class Tcpdump {
    private final Process process;
    private final Path out;
    private final Path err;

    private Tcpdump(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts capturing on {@code intf} with a BPF {@code filter}; returns once tcpdump listens. */
    public static Tcpdump start(String intf, String filter) throws IOException {
        Path out = Files.createTempFile("sluice-tcpdump-", ".txt");
        Path err = Files.createTempFile("sluice-tcpdump-", ".err");
        Process p = new ProcessBuilder("tcpdump", "-n", "-l", "-v", "--immediate-mode", "-i", intf, filter)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        Wait.until("tcpdump listens on " + intf, Duration.ofSeconds(10),
                () -> !p.isAlive() || read(err).contains("listening on"));
        assertThat(p.isAlive()).as("tcpdump on %s: %s", intf, read(err)).isTrue();
        return new Tcpdump(p, out, err);
    }

    /** Stops the capture; what tcpdump printed (its summary last). */
    public String stop() throws Exception {
        // Let the last packets through the userspace datapath, then end tcpdump (it flushes on SIGTERM).
        Thread.sleep(500);
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
        String text = read(out) + read(err);
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return text;
    }

    /**
     * The DSCP of every packet from {@code source} ("10.0.3.1.40000": address and port as tcpdump
     * prints them), in order, from tcpdump's verbose output.
     */
    public static List<Integer> dscps(String tcpdump, String source) {
        List<Integer> out = new ArrayList<>();
        Matcher m = Pattern.compile("tos 0x([0-9a-f]+),[^\\n]*\\n\\s+" + Pattern.quote(source) + " >").matcher(tcpdump);
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1), 16) >> 2);
        }
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }
}
