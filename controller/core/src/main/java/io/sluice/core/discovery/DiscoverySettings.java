package io.sluice.core.discovery;

import java.time.Duration;
import java.util.Objects;

/** How Sluice discovers links and hosts. Immutable. */
public final class DiscoverySettings {
    private final Duration probeInterval;
    private final Duration fastProbeInterval;
    private final Duration fastPhase;
    private final int missedProbes;
    private final Duration hostTimeout;

    /**
     * @param probeInterval     LLDP probe period per switch once it has settled
     * @param fastProbeInterval the period during a switch's first {@code fastPhase}
     * @param fastPhase         how long after connecting a switch is probed at the fast period
     * @param missedProbes      a link whose probes stop arriving for this many periods expires
     * @param hostTimeout       a host not seen for this long is forgotten
     */
    public DiscoverySettings(Duration probeInterval, Duration fastProbeInterval, Duration fastPhase,
            int missedProbes, Duration hostTimeout) {
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
        this.probeInterval = probeInterval;
        this.fastProbeInterval = fastProbeInterval;
        this.fastPhase = fastPhase;
        this.missedProbes = missedProbes;
        this.hostTimeout = hostTimeout;
    }

    public static DiscoverySettings defaults() {
        return new DiscoverySettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofSeconds(10), 3,
                Duration.ofMinutes(5));
    }

    public Duration probeInterval() {
        return probeInterval;
    }

    public Duration fastProbeInterval() {
        return fastProbeInterval;
    }

    public Duration fastPhase() {
        return fastPhase;
    }

    public int missedProbes() {
        return missedProbes;
    }

    public Duration hostTimeout() {
        return hostTimeout;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DiscoverySettings)) {
            return false;
        }
        DiscoverySettings s = (DiscoverySettings) o;
        return probeInterval.equals(s.probeInterval) && fastProbeInterval.equals(s.fastProbeInterval)
                && fastPhase.equals(s.fastPhase) && missedProbes == s.missedProbes && hostTimeout.equals(s.hostTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(probeInterval, fastProbeInterval, fastPhase, missedProbes, hostTimeout);
    }

    @Override
    public String toString() {
        return "probe every " + probeInterval + " (" + fastProbeInterval + " for the first " + fastPhase + "), expire after "
                + missedProbes + " missed, hosts after " + hostTimeout;
    }
}
