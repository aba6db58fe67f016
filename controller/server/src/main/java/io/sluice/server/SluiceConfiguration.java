package io.sluice.server;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.sluice.server.discovery.DiscoveryConfig;
import io.sluice.server.policy.PolicyConfig;
import io.sluice.server.qos.QosConfig;
import io.sluice.server.stats.StatsConfig;
import io.sluice.server.openflow.OpenFlowConfig;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/** The controller's configuration file: Dropwizard's own sections plus Sluice's. */
public class SluiceConfiguration extends Configuration {
    @Valid
    @NotNull
    private OpenFlowConfig openflow = new OpenFlowConfig();

    @Valid
    @NotNull
    private DiscoveryConfig discovery = new DiscoveryConfig();

    @Valid
    @NotNull
    private PolicyConfig policy = new PolicyConfig();

    @Valid
    @NotNull
    private QosConfig qos = new QosConfig();

    @Valid
    @NotNull
    private StatsConfig stats = new StatsConfig();

    @JsonProperty
    public StatsConfig getStats() {
        return stats;
    }

    @JsonProperty
    public void setStats(StatsConfig stats) {
        this.stats = stats;
    }

    @JsonProperty
    public QosConfig getQos() {
        return qos;
    }

    @JsonProperty
    public void setQos(QosConfig qos) {
        this.qos = qos;
    }

    @JsonProperty
    public PolicyConfig getPolicy() {
        return policy;
    }

    @JsonProperty
    public void setPolicy(PolicyConfig policy) {
        this.policy = policy;
    }

    @JsonProperty
    public DiscoveryConfig getDiscovery() {
        return discovery;
    }

    @JsonProperty
    public void setDiscovery(DiscoveryConfig discovery) {
        this.discovery = discovery;
    }

    @JsonProperty
    public OpenFlowConfig getOpenflow() {
        return openflow;
    }

    @JsonProperty
    public void setOpenflow(OpenFlowConfig openflow) {
        this.openflow = openflow;
    }
}
