package io.sluice.server.stats;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;

/**
 * The {@code stats:} section: how often switch counters are polled for link and flow rates, and how
 * long a per-flow rule stays without traffic.
 */
public final class StatsConfig {
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    @MaxDuration(value = 60, unit = TimeUnit.SECONDS)
    private Duration interval = Duration.seconds(1);

    /** A per-flow rule the controller installed goes once no packet matched it for this long. */
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    @MaxDuration(value = 65535, unit = TimeUnit.SECONDS)
    private Duration flowIdleTimeout = Duration.seconds(10);

    @JsonProperty
    public Duration getFlowIdleTimeout() {
        return flowIdleTimeout;
    }

    @JsonProperty
    public void setFlowIdleTimeout(Duration flowIdleTimeout) {
        this.flowIdleTimeout = flowIdleTimeout;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }
}
