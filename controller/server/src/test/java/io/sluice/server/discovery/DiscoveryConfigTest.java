package io.sluice.server.discovery;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.server.SluiceConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DiscoveryConfigTest {
    private final ConfigurationFactory<SluiceConfiguration> factory = new DefaultConfigurationFactoryFactory<SluiceConfiguration>()
            .create(SluiceConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private SluiceConfiguration parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void theShippedFileHasTheDefaults() throws Exception {
        SluiceConfiguration shipped = factory.build(new FileConfigurationSourceProvider(), "../../config.yml");
        assertThat(shipped.getDiscovery().toSettings()).isEqualTo(DiscoverySettings.defaults());
        assertThat(parse("{}").getDiscovery().toSettings()).isEqualTo(DiscoverySettings.defaults());
    }

    @Test
    void portSpeedsApplyToAllPortsOrOne() throws Exception {
        PortSpeedOverrides speeds = parse("discovery:\n  portSpeedMbps: {\"*\": 100, \"00:00:00:00:00:00:01:01/1\": 300}\n")
                .getDiscovery().portSpeeds();
        Port tenGig = Port.builder(1).currentSpeedKbps(10_000_000).build();
        assertThat(speeds.speedBps(ConnectPoint.of(Dpid.deviceId(0x101), 1), tenGig)).isEqualTo(300_000_000L);
        assertThat(speeds.speedBps(ConnectPoint.of(Dpid.deviceId(0x101), 2), tenGig)).isEqualTo(100_000_000L);
    }

    @Test
    void aPortKeyThatIsNotAPortIsRefusedByName() {
        assertThatThrownBy(() -> parse("discovery:\n  portSpeedMbps: {\"leaf1:3\": 100}\n"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("discovery.portSpeedMbps: every key must be \"*\" or <dpid>/<port>");
    }

    @Test
    void aPortNamedTwiceInDifferentSpellingsIsRefused() {
        assertThatThrownBy(() -> parse("discovery:\n  portSpeedMbps: {\"0000000000000101/1\": 100, "
                + "\"00:00:00:00:00:00:01:01/1\": 200}\n"))
                .hasMessageContaining("name a port only once");
    }

    @Test
    void aSpeedThatWouldOverflowIsRefused() {
        assertThatThrownBy(() -> parse("discovery:\n  portSpeedMbps: {\"*\": 10000000000000}\n"))
                .hasMessageContaining("portSpeedMbps");
    }

    @Test
    void aZeroSpeedIsRefused() {
        assertThatThrownBy(() -> parse("discovery:\n  portSpeedMbps: {\"*\": 0}\n"))
                .hasMessageContaining("portSpeedMbps");
    }

    @Test
    void intervalsAndCountsAreChecked() throws Exception {
        assertThatThrownBy(() -> parse("discovery:\n  probeInterval: 10ms\n")).hasMessageContaining("probeInterval");
        assertThatThrownBy(() -> parse("discovery:\n  missedProbes: 0\n")).hasMessageContaining("missedProbes");
        assertThat(parse("discovery:\n  hostTimeout: 90s\n").getDiscovery().toSettings().hostTimeout())
                .isEqualTo(Duration.ofSeconds(90));
    }
}
