package io.sluice.server.discovery;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.ValidationMethod;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.discovery.DiscoverySettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** The {@code discovery:} section of the configuration file: probing, host expiry, link capacities. */
public final class DiscoveryConfig {
    private static final String ALL_PORTS = "*";
    /** 100 Tbit/s: more than any port, and far from overflowing bits per second. */
    private static final long MAX_MBPS = 100_000_000L;

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration probeInterval = Duration.seconds(3);

    @NotNull
    @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
    private Duration fastProbeInterval = Duration.seconds(1);

    @NotNull
    private Duration fastPhase = Duration.seconds(10);

    @Min(1)
    @Max(100)
    private int missedProbes = 3;

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration hostTimeout = Duration.minutes(5);

    /** Port speeds in Mbit/s that replace what ports report: "*" for every port, or "<dpid>/<port>". */
    @NotNull
    private Map<String, @NotNull @Min(1) @Max(MAX_MBPS) Long> portSpeedMbps = new LinkedHashMap<>();

    @JsonProperty
    public Duration getProbeInterval() {
        return probeInterval;
    }

    @JsonProperty
    public void setProbeInterval(Duration probeInterval) {
        this.probeInterval = probeInterval;
    }

    @JsonProperty
    public Duration getFastProbeInterval() {
        return fastProbeInterval;
    }

    @JsonProperty
    public void setFastProbeInterval(Duration fastProbeInterval) {
        this.fastProbeInterval = fastProbeInterval;
    }

    @JsonProperty
    public Duration getFastPhase() {
        return fastPhase;
    }

    @JsonProperty
    public void setFastPhase(Duration fastPhase) {
        this.fastPhase = fastPhase;
    }

    @JsonProperty
    public int getMissedProbes() {
        return missedProbes;
    }

    @JsonProperty
    public void setMissedProbes(int missedProbes) {
        this.missedProbes = missedProbes;
    }

    @JsonProperty
    public Duration getHostTimeout() {
        return hostTimeout;
    }

    @JsonProperty
    public void setHostTimeout(Duration hostTimeout) {
        this.hostTimeout = hostTimeout;
    }

    @JsonProperty
    public Map<String, Long> getPortSpeedMbps() {
        return portSpeedMbps;
    }

    @JsonProperty
    public void setPortSpeedMbps(Map<String, Long> portSpeedMbps) {
        this.portSpeedMbps = portSpeedMbps;
    }

    @ValidationMethod(message = "discovery.portSpeedMbps: every key must be \"*\" or <dpid>/<port>, "
            + "e.g. of:0000000000000201/3 or 00:00:00:00:00:00:02:01/3, and name a port only once (in any spelling)")
    public boolean isPortSpeedKeysValid() {
        if (portSpeedMbps == null) {
            return true;
        }
        Set<ConnectPoint> seen = new HashSet<>();
        for (String key : portSpeedMbps.keySet()) {
            if (!ALL_PORTS.equals(key)) {
                try {
                    if (!seen.add(ConnectPoint.parse(key))) {
                        return false;
                    }
                } catch (IllegalArgumentException e) {
                    return false;
                }
            }
        }
        return true;
    }

    public DiscoverySettings toSettings() {
        return new DiscoverySettings(java(probeInterval), java(fastProbeInterval), java(fastPhase), missedProbes,
                java(hostTimeout));
    }

    public PortSpeedOverrides portSpeeds() {
        Map<ConnectPoint, Long> byPort = new HashMap<>();
        long all = 0;
        for (Map.Entry<String, Long> e : portSpeedMbps.entrySet()) {
            long bps = e.getValue() * 1_000_000L;
            if (ALL_PORTS.equals(e.getKey())) {
                all = bps;
            } else {
                byPort.put(ConnectPoint.parse(e.getKey()), bps);
            }
        }
        return PortSpeedOverrides.of(byPort, all);
    }

    private static java.time.Duration java(Duration d) {
        return java.time.Duration.ofNanos(d.toNanoseconds());
    }
}
