package io.sluice.core;

import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.core.topology.PortSpeedOverrides;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/** What core needs to be told, whatever the target: discovery pacing, timeouts, clocks. Immutable. */
public final class CoreSettings {
    /** How long an ARP answer waits for routes to its subject before it is sent anyway. */
    public static final Duration ARP_ROUTE_WAIT = Duration.ofMillis(500);
    /** How long a flooded frame is remembered: a copy within this time is an echo, not news. */
    public static final Duration FLOOD_MEMORY = Duration.ofSeconds(1);

    private final DiscoverySettings discovery;
    private final PortSpeedOverrides portSpeeds;
    private final Duration requestTimeout;
    private final Duration statsInterval;
    private final Duration flowIdleTimeout;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final boolean classify;
    private final OptionalLong queueLinkBps;
    private final boolean removeQueuesOnShutdown;

    private CoreSettings(Builder b) {
        this.discovery = b.discovery;
        this.portSpeeds = b.portSpeeds;
        this.requestTimeout = b.requestTimeout;
        this.statsInterval = b.statsInterval;
        this.flowIdleTimeout = b.flowIdleTimeout;
        this.clock = b.clock;
        this.nanoClock = b.nanoClock;
        this.classify = b.classify;
        this.queueLinkBps = b.queueLinkBps;
        this.removeQueuesOnShutdown = b.removeQueuesOnShutdown;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CoreSettings defaults() {
        return builder().build();
    }

    public DiscoverySettings discovery() {
        return discovery;
    }

    public PortSpeedOverrides portSpeeds() {
        return portSpeeds;
    }

    /** How long a switch has to confirm a write before routing holds the affected destinations back. */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    public Duration statsInterval() {
        return statsInterval;
    }

    public Duration flowIdleTimeout() {
        return flowIdleTimeout;
    }

    /** Wall clock, for times people read (last seen, classified at). */
    public Clock clock() {
        return clock;
    }

    /** Monotonic clock, for pacing and expiry. */
    public LongSupplier nanoClock() {
        return nanoClock;
    }

    /** Whether flows are told apart at start (off: everything BEST_EFFORT, the QoS-off baseline). */
    public boolean classify() {
        return classify;
    }

    /** The port speed queues are sized for; empty: each port's own speed. */
    public OptionalLong queueLinkBps() {
        return queueLinkBps;
    }

    /** Whether the queues core configured are taken off again when it stops. */
    public boolean removeQueuesOnShutdown() {
        return removeQueuesOnShutdown;
    }

    /** Builds settings; anything not set keeps the standalone controller's default. */
    public static final class Builder {
        private DiscoverySettings discovery = DiscoverySettings.defaults();
        private PortSpeedOverrides portSpeeds = PortSpeedOverrides.NONE;
        private Duration requestTimeout = Duration.ofSeconds(10);
        private Duration statsInterval = Duration.ofSeconds(1);
        private Duration flowIdleTimeout = Duration.ofSeconds(10);
        private Clock clock = Clock.systemUTC();
        private LongSupplier nanoClock = System::nanoTime;
        private boolean classify = true;
        private OptionalLong queueLinkBps = OptionalLong.empty();
        private boolean removeQueuesOnShutdown = true;

        private Builder() {
        }

        public Builder classify(boolean v) {
            this.classify = v;
            return this;
        }

        public Builder queueLinkBps(OptionalLong v) {
            this.queueLinkBps = Objects.requireNonNull(v);
            return this;
        }

        public Builder removeQueuesOnShutdown(boolean v) {
            this.removeQueuesOnShutdown = v;
            return this;
        }

        public Builder discovery(DiscoverySettings v) {
            this.discovery = Objects.requireNonNull(v);
            return this;
        }

        public Builder portSpeeds(PortSpeedOverrides v) {
            this.portSpeeds = Objects.requireNonNull(v);
            return this;
        }

        public Builder requestTimeout(Duration v) {
            this.requestTimeout = positive(v, "requestTimeout");
            return this;
        }

        public Builder statsInterval(Duration v) {
            this.statsInterval = positive(v, "statsInterval");
            return this;
        }

        public Builder flowIdleTimeout(Duration v) {
            this.flowIdleTimeout = positive(v, "flowIdleTimeout");
            return this;
        }

        public Builder clock(Clock v) {
            this.clock = Objects.requireNonNull(v);
            return this;
        }

        public Builder nanoClock(LongSupplier v) {
            this.nanoClock = Objects.requireNonNull(v);
            return this;
        }

        public CoreSettings build() {
            return new CoreSettings(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
