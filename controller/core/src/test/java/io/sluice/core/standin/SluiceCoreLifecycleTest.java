package io.sluice.core.standin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.CoreSettings;
import io.sluice.core.SluiceCore;
import io.sluice.core.device.DeviceProviderService;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.StandInPolicyCodec;
import io.sluice.core.southbound.Southbound;
import io.sluice.core.southbound.SouthboundStartException;
import io.sluice.core.southbound.SouthboundStatus;
import io.sluice.core.stats.StatsProvider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What core does when its southbound cannot start (an address in use, say), on a stand-in southbound. */
class SluiceCoreLifecycleTest {
    /** A stand-in southbound that refuses to start, as a listener on a taken address does. */
    private static final class RefusingSouthbound implements Southbound {
        private final InMemorySouthbound inner = new InMemorySouthbound();
        final AtomicInteger stops = new AtomicInteger();

        @Override
        public String name() {
            return "refusing stand-in";
        }

        @Override
        public FlowRuleProvider flowRuleProvider() {
            return inner.flowRuleProvider();
        }

        @Override
        public PacketProvider packetProvider() {
            return inner.packetProvider();
        }

        @Override
        public StatsProvider statsProvider() {
            return inner.statsProvider();
        }

        @Override
        public void start(DeviceProviderService devices, PacketProviderService packets) {
            throw new SouthboundStartException("cannot listen on 127.0.0.1:6653: address in use", null);
        }

        @Override
        public void stop() {
            stops.incrementAndGet();
        }

        @Override
        public SouthboundStatus status() {
            return SouthboundStatus.of(false, Map.of());
        }
    }

    @Test
    void aSouthboundThatCannotStartFailsTheStartWithItsOwnCauseAndLeavesCoreStopped() {
        RefusingSouthbound southbound = new RefusingSouthbound();
        SluiceCore core = new SluiceCore(CoreSettings.defaults(), southbound, new InMemoryPolicyStore(),
                new StandInPolicyCodec(), PolicyFixtures.base().build(), Optional.empty());
        assertThatThrownBy(core::start).isInstanceOf(SouthboundStartException.class)
                .hasMessageContaining("address in use");
        core.stop(); // nothing left to stop: a no-op
        assertThat(southbound.stops).as("the southbound cleans up after its own failed start").hasValue(0);
        assertThatThrownBy(core::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
    }
}
