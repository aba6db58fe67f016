package io.sluice.server.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The split of issue 14, read from the sources as they are: core decides, southbounds translate.
 * Each check is what {@code docs/architecture.md} ("The split, checked by grep") says holds; a file
 * that breaks it fails here, naming the file.
 */
class CoreSplitTest {
    /** This module's directory is controller/server; the repository is two levels up. */
    private static final Path ROOT = Path.of("../..").toAbsolutePath().normalize();
    private static final Pattern CORE_IMPL_IMPORT = Pattern.compile("(?m)^import io\\.sluice\\.core\\.[\\w.]*\\.impl\\.");

    private static List<Path> javaFiles(String dir) {
        try (Stream<Path> files = Files.walk(ROOT.resolve(dir))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString().replace(".java", "");
    }

    @Test
    void everyOpenFlowFileTranslatesButTheSmallValueAndConfigurationClasses() {
        Set<String> allowed = Set.of("OpenFlowSettings", "CloseCause", "UnparseableMessage",
                "SwitchDisconnectedException", "OpenFlowListenException", "OpenFlowSouthbound");
        List<String> protocolFree = javaFiles("controller/openflow/src/main/java").stream()
                .filter(p -> !read(p).contains("import org.projectfloodlight") && !read(p).contains("import io.netty"))
                .map(CoreSplitTest::name).filter(n -> !allowed.contains(n)).collect(Collectors.toList());
        assertThat(protocolFree).as("files in controller/openflow that decide rather than translate").isEmpty();
    }

    @Test
    void onlyTheAssemblyAndCoresOwnImplementationsNameImplementations() {
        Stream<Path> outsideCore = Stream.of("controller/openflow", "controller/ovsdb", "controller/policy-codec",
                "controller/server").flatMap(m -> javaFiles(m + "/src/main/java").stream());
        Stream<Path> core = javaFiles("controller/core/src/main/java").stream()
                .filter(p -> !p.toString().contains("/impl/") && !name(p).equals("SluiceCore"));
        List<String> naming = Stream.concat(outsideCore, core)
                .filter(p -> CORE_IMPL_IMPORT.matcher(read(p)).find())
                .map(p -> ROOT.relativize(p).toString()).collect(Collectors.toList());
        assertThat(naming).as("main code outside SluiceCore that imports a core.*.impl package").isEmpty();
    }

    @Test
    void theServerNamesTheOpenFlowAndOvsdbModulesOnlyWhereItBuildsThem() {
        List<String> importing = javaFiles("controller/server/src/main/java").stream()
                .filter(p -> read(p).contains("import io.sluice.openflow") || read(p).contains("import io.sluice.ovsdb"))
                .map(CoreSplitTest::name).collect(Collectors.toList());
        assertThat(importing).containsExactlyInAnyOrder("SluiceApplication", "OpenFlowConfig", "QosConfig");
    }
}
