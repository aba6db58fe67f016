package io.sluice.openflow.discovery;

import java.time.Duration;
import java.util.Objects;

/**
 * How Sluice discovers links and hosts.
 *
 * @param probeInterval     LLDP probe period per switch once it has settled
 * @param fastProbeInterval the period during a switch's first {@code fastPhase}
 * @param fastPhase         how long after connecting a switch is probed at the fast period
 * @param missedProbes      a link whose probes stop arriving for this many periods expires
 * @param hostTimeout       a host not seen for this long is forgotten
 */
public record DiscoverySettings(Duration probeInterval, Duration fastProbeInterval, Duration fastPhase,
        int missedProbes, Duration hostTimeout) {

    public DiscoverySettings {
        Objects.requireNonNull(probeInterval, "probeInterval");
        Objects.requireNonNull(fastProbeInterval, "fastProbeInterval");
        Objects.requireNonNull(fastPhase, "fastPhase");
        Objects.requireNonNull(hostTimeout, "hostTimeout");
        if (probeInterval.isZero() || probeInterval.isNegative() || fastProbeInterval.isZero()
                || fastProbeInterval.isNegative() || hostTimeout.isZero() || hostTimeout.isNegative()) {
            throw new IllegalArgumentException("probe intervals and the host timeout must be positive");
        }
        if (fastPhase.isNegative()) {
            throw new IllegalArgumentException("fastPhase cannot be negative, got " + fastPhase);
        }
        if (missedProbes < 1) {
            throw new IllegalArgumentException("missedProbes must be at least 1, got " + missedProbes);
        }
    }

    public static DiscoverySettings defaults() {
        return new DiscoverySettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(10), 3,
                Duration.ofMinutes(5));
    }
}
