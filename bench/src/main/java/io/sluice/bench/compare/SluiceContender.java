package io.sluice.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sluice itself: the runnable jar with the repository's config.yml (OpenFlow on 6653, REST on 8080,
 * admin on 8081), a fresh policy store per run (the flowmods mode applies policies of its own, and
 * no run may see another's) and a token of the comparison's.
 */
public final class SluiceContender implements Contender {
    static final String TOKEN = "bench-compare-token-0123456789";
    private final Path jar;
    private final Path config;

    public SluiceContender(Path jar, Path config) {
        this.jar = jar;
        this.config = config;
    }

    @Override
    public String name() {
        return "sluice";
    }

    @Override
    public String version() {
        return "Sluice " + Versions.gitDescribe() + " on " + Versions.javaVersion();
    }

    @Override
    public String options(String mode) {
        return "java -jar " + jar.getFileName() + " server " + config.getFileName()
                + " (config defaults: default policy, per-flow classification, 1 s statistics)";
    }

    @Override
    public Optional<String> unsupported(String mode) {
        return Optional.empty();
    }

    @Override
    public int port() {
        return 6653;
    }

    @Override
    public boolean hasRest() {
        return true;
    }

    @Override
    public ControllerProcess start(String mode, Path dir, int rulesPerSwitch) throws IOException, InterruptedException {
        Path store = Files.createTempDirectory(dir, "policy");
        for (int p : new int[] {8080, 8081}) {
            if (ControllerProcess.listening(p)) {
                throw new IOException("port " + p + " is in use; Sluice needs it (REST/admin)");
            }
        }
        ControllerProcess c = ControllerProcess.start(name(), List.of(Versions.java(), "-Ddw.policy.database="
                + store.resolve("policy.db"), "-Ddw.policy.token=" + TOKEN, "-jar", jar.toString(), "server",
                config.toString()), dir, Map.of(), port(), Duration.ofSeconds(60));
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!ControllerProcess.listening(8080)) { // REST comes up after OpenFlow
                if (System.nanoTime() > deadline || !c.alive()) {
                    throw new IOException("Sluice's REST API did not come up: " + ControllerProcess.tail(c.log()));
                }
                Thread.sleep(50);
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public long pushedFlowMods(int switches, int rulesPerSwitch) {
        return 0;
    }
}
