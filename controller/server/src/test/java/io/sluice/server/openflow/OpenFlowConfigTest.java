package io.sluice.server.openflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.server.SluiceConfiguration;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The configuration file as an operator writes it: defaults, overrides, and errors that name the key. */
class OpenFlowConfigTest {
    /** Built the way the application builds it, so unknown keys fail here as they do there. */
    private final ConfigurationFactory<SluiceConfiguration> factory = new DefaultConfigurationFactoryFactory<SluiceConfiguration>()
            .create(SluiceConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private SluiceConfiguration parse(String yaml) throws Exception {
        InputStream in = new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8));
        return factory.build(path -> in, "test.yml");
    }

    @Test
    void theShippedConfigFileIsValidAndMatchesTheDefaults() throws Exception {
        SluiceConfiguration shipped = factory.build(new FileConfigurationSourceProvider(),
                "../../config.yml");
        OpenFlowSettings settings = shipped.getOpenflow().toSettings();
        assertThat(settings).isEqualTo(OpenFlowSettings.defaults());
        assertThat(shipped.getOpenflow().listenAddresses()).containsExactly(new InetSocketAddress("127.0.0.1", 6653));
    }

    @Test
    void anEmptyFileGivesTheDefaults() throws Exception {
        assertThat(parse("{}").getOpenflow().toSettings()).isEqualTo(OpenFlowSettings.defaults());
    }

    @Test
    void overridesAreTakenWithTheirUnits() throws Exception {
        OpenFlowConfig of = parse("openflow:\n  listen: [\"0.0.0.0:6653\", \"[::1]:6633\"]\n  echoInterval: 500ms\n"
                + "  keepaliveTimeout: 2s\n  role: MASTER\n").getOpenflow();
        assertThat(of.listenAddresses()).extracting(InetSocketAddress::getPort).containsExactly(6653, 6633);
        OpenFlowSettings s = of.toSettings();
        assertThat(s.echoInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.keepaliveTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.role()).isEqualTo(OpenFlowSettings.ControllerRole.MASTER);
    }

    @Test
    void aKeepaliveNoLongerThanTheEchoIntervalIsRefusedByName() {
        assertThatThrownBy(() -> parse("openflow:\n  echoInterval: 10s\n  keepaliveTimeout: 10s\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openflow.keepaliveTimeout must be longer than openflow.echoInterval");
    }

    @Test
    void aListenAddressWithoutPortIsRefusedByName() {
        assertThatThrownBy(() -> parse("openflow:\n  listen: [\"127.0.0.1\"]\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("openflow.listen")
                .hasMessageContaining("must be host:port");
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThatThrownBy(() -> parse("openflow:\n  listen: [\"127.0.0.1:70000\"]\n"))
                .hasMessageContaining("between 0 and 65535");
    }

    @Test
    void anUnknownKeyIsRefusedWithItsName() {
        assertThatThrownBy(() -> parse("openflow:\n  echoIntervall: 5s\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("echoIntervall");
    }

    @Test
    void aRateOfZeroIsRefused() {
        assertThatThrownBy(() -> parse("openflow:\n  packetInRate: 0\n")).hasMessageContaining("packetInRate");
    }

    @Test
    void aRateThatDoesNotFitTheMeterBandIsRefusedRatherThanTruncated() {
        assertThatThrownBy(() -> parse("openflow:\n  lldpRate: 5000000000\n"))
                .hasMessageContaining("openflow.lldpRate must be less than or equal to 4294967295");
    }

    @Test
    void anUnknownRoleIsRefused() {
        assertThatThrownBy(() -> parse("openflow:\n  role: SLAVE\n")).hasMessageContaining("role");
    }
}
