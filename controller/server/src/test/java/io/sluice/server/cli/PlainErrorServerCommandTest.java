package io.sluice.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import io.sluice.server.SluiceApplication;
import io.sluice.server.SluiceConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `java -jar sluice.jar server <file>` as an operator meets it when something is wrong. */
class PlainErrorServerCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private Optional<Throwable> serve(String yaml) throws Exception {
        Path config = dir.resolve("sluice.yml");
        Files.writeString(config, yaml);
        SluiceApplication app = new SluiceApplication();
        Bootstrap<SluiceConfiguration> bootstrap = new Bootstrap<>(app);
        app.initialize(bootstrap);
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        bootstrap.addCommand(new PlainErrorServerCommand(app));
        return new Cli(new JarLocation(getClass()), bootstrap, out, err).run("server", config.toString());
    }

    private String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aBadConfigurationPrintsTheErrorsByKeyAndNoStackTrace() throws Exception {
        assertThat(serve("openflow:\n  keepaliveTimeout: 1s\n  packetInRate: 0\n")).isPresent();
        assertThat(err()).contains("sluice.yml has the following errors")
                .contains("openflow.keepaliveTimeout must be longer than openflow.echoInterval")
                .contains("openflow.packetInRate");
        assertThat(err()).doesNotContain("\tat ");
    }

    @Test
    void anOpenFlowPortInUsePrintsOneLineNamingItAndNothingElse() throws Exception {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        PrintStream realOut = System.out;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // Dropwizard's console log goes to System.out; ServerCommand would put its stack trace there.
            System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
            Optional<Throwable> failure = serve("openflow:\n  listen: [\"127.0.0.1:" + port + "\"]\n"
                    + "server:\n  applicationConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]\n"
                    + "  adminConnectors: [{type: http, port: 0, bindHost: 127.0.0.1}]\n"
                    + "policy:\n  database: " + dir.resolve("policy.db") + "\n");
            System.setOut(realOut);
            assertThat(failure).isPresent();
            assertThat(err()).isEqualTo("sluice: cannot start: cannot listen for OpenFlow on /127.0.0.1:" + port
                    + ": Address already in use" + System.lineSeparator());
            assertThat(console.toString(StandardCharsets.UTF_8)).as("no stack trace in the log either")
                    .doesNotContain("Unable to start server").doesNotContain("\tat ");
        } finally {
            System.setOut(realOut);
        }
    }

    @Test
    void aListenHostThatDoesNotResolveIsAConfigurationError() throws Exception {
        assertThat(serve("openflow:\n  listen: [\"no-such-host.invalid:6653\"]\n")).isPresent();
        assertThat(err()).contains("openflow.listen: every host must be an IP address or a name that resolves")
                .doesNotContain("\tat ");
    }
}
