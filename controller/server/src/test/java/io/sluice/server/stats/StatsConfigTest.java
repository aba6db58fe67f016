package io.sluice.server.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.ConfigurationFactory;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.configuration.FileConfigurationSourceProvider;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.dropwizard.util.Duration;
import io.sluice.server.SluiceConfiguration;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StatsConfigTest {
    private final ConfigurationFactory<SluiceConfiguration> factory = new DefaultConfigurationFactoryFactory<SluiceConfiguration>()
            .create(SluiceConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");

    private SluiceConfiguration parse(String yaml) throws Exception {
        return factory.build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yml");
    }

    @Test
    void theShippedFileAndAnEmptyOneHaveTheDefaults() throws Exception {
        SluiceConfiguration shipped = factory.build(new FileConfigurationSourceProvider(), "../../config.yml");
        for (SluiceConfiguration c : new SluiceConfiguration[] {shipped, parse("{}")}) {
            assertThat(c.getStats().getInterval()).isEqualTo(Duration.seconds(1));
            assertThat(c.getStats().getFlowIdleTimeout()).isEqualTo(Duration.seconds(10));
        }
    }

    @Test
    void anIntervalTooShortOrAnIdleTimeoutOfZeroIsRefusedByName() {
        assertThatThrownBy(() -> parse("stats:\n  interval: 10ms\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("stats.interval");
        assertThatThrownBy(() -> parse("stats:\n  flowIdleTimeout: 0s\n")).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("stats.flowIdleTimeout");
    }
}
