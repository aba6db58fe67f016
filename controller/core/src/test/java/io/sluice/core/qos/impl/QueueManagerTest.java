package io.sluice.core.qos.impl;

import io.sluice.core.device.Ids;
import static io.sluice.core.policy.PolicyFixtures.base;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.core.policy.impl.StandInPolicyCodec;
import io.sluice.core.qos.QosProfile;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which ports get which queues, and when: decided in core, told to a recording stand-in provider. */
class QueueManagerTest {
    private static final Policy POLICY = base().build();
    private static final long LOCAL = 0xFFFF_FFFEL;
    private final RecordingQueueProvider provider = new RecordingQueueProvider();
    private final DeviceManager devices = new DeviceManager();
    private final PolicyManager policies = new PolicyManager(new InMemoryPolicyStore(), new StandInPolicyCodec(),
            POLICY);
    private QueueManager queues;

    @AfterEach
    void stop() {
        if (queues != null) {
            queues.deactivate();
        }
    }

    private static Port port(long number, String name, long kbps) {
        return Port.builder(number).name(name).adminUp(true).linkUp(true).currentSpeedKbps(kbps).build();
    }

    private static Device device(long dpid, Port... ports) {
        return Device.builder(Ids.of(dpid)).ports(List.of(ports)).build();
    }

    private QueueManager start(OptionalLong linkBps, boolean removeOnDeactivate) {
        policies.activate();
        queues = new QueueManager(provider, policies, devices, linkBps, removeOnDeactivate);
        queues.activate();
        return queues;
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    private void configures(int n) throws InterruptedException {
        until(n + " configure(s) and their orphan clean-up, got " + provider.calls(),
                () -> provider.configures() >= n && provider.names().get(provider.names().size() - 1)
                        .equals("removeOrphans"));
    }

    @Test
    void atStartEveryPhysicalPortOfEverySwitchGetsTheProfileForItsSpeed() throws Exception {
        devices.deviceConnected(device(1, port(1, "s1-eth1", 10_000_000), port(2, "s1-eth2", 0),
                port(LOCAL, "s1", 0)));
        devices.deviceConnected(device(2, port(1, "s2-eth1", 100_000)));
        start(OptionalLong.empty(), true);
        configures(1);
        assertThat(provider.lastConfigured()).containsOnlyKeys("s1-eth1", "s1-eth2", "s2-eth1");
        assertThat(provider.lastConfigured().get("s1-eth1")).isEqualTo(QosProfile.of(POLICY, 10_000_000_000L));
        assertThat(provider.lastConfigured().get("s1-eth2")).as("no speed reported: 1 Gbit/s")
                .isEqualTo(QosProfile.of(POLICY, 1_000_000_000L));
        assertThat(provider.lastConfigured().get("s2-eth1")).isEqualTo(QosProfile.of(POLICY, 100_000_000L));
        assertThat(provider.names()).containsExactly("configure", "removeOrphans");
    }

    @Test
    void aFixedLinkSpeedSizesEveryPort() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 10_000_000), port(2, "b", 0)));
        start(OptionalLong.of(100_000_000L), true);
        configures(1);
        assertThat(provider.lastConfigured().values()).containsOnly(QosProfile.of(POLICY, 100_000_000L));
        assertThatThrownBy(() -> new QueueManager(provider, policies, devices, OptionalLong.of(0), true))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNewPolicyReconfiguresThePorts() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        start(OptionalLong.empty(), true);
        configures(1);
        Policy next = base().profile(TrafficClass.INFERENCE, 46, 5, 30, 70).build();
        policies.apply(next, "alice", "", OptionalLong.empty(), false);
        configures(2);
        assertThat(provider.lastConfigured().get("a")).isEqualTo(QosProfile.of(next, 1_000_000_000L));
    }

    @Test
    void switchesAndPortsThatComeOrGoAreFollowedButPortUpdatesAreNot() throws Exception {
        start(OptionalLong.empty(), true);
        configures(1);
        assertThat(provider.lastConfigured()).isEmpty();

        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        configures(2);
        assertThat(provider.lastConfigured()).containsOnlyKeys("a");

        devices.portUpdated(Ids.of(1), port(2, "b", 1_000_000)); // a new port
        configures(3);
        assertThat(provider.lastConfigured()).containsOnlyKeys("a", "b");

        devices.portUpdated(Ids.of(1), Port.builder(2).name("b").adminUp(true).linkUp(false)
                .currentSpeedKbps(1_000_000).build()); // the same port, link down: no sync
        devices.portRemoved(Ids.of(1), 1);
        configures(4);
        assertThat(provider.lastConfigured()).containsOnlyKeys("b");
        assertThat(provider.configures()).isEqualTo(4);

        devices.deviceDisconnected(Ids.of(1));
        configures(5);
        assertThat(provider.lastConfigured()).isEmpty();
        assertThat(provider.names().get(provider.names().size() - 1)).as("what the ports left is cleaned up")
                .isEqualTo("removeOrphans");
    }

    @Test
    void changesDuringASyncAreFoldedIntoOneMore() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        provider.holdNext();
        start(OptionalLong.empty(), true);
        assertThat(provider.awaitHeld()).isTrue();
        devices.deviceConnected(device(2, port(1, "b", 1_000_000)));
        devices.deviceConnected(device(3, port(1, "c", 1_000_000)));
        policies.apply(POLICY.withInferenceHotPercent(60), "alice", "", OptionalLong.empty(), false);
        provider.release();
        configures(2);
        Thread.sleep(100);
        assertThat(provider.configures()).as("three changes, one more sync").isEqualTo(2);
        assertThat(provider.lastConfigured()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void aProviderThatFailsIsLoggedAndTheNextChangeTriesAgain() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        provider.failWith(new IllegalStateException("cannot connect"));
        start(OptionalLong.empty(), true);
        until("a failed configure", () -> provider.configures() == 1);
        provider.failWith(null);
        devices.deviceConnected(device(2, port(1, "b", 1_000_000)));
        configures(2);
        assertThat(provider.lastConfigured()).containsOnlyKeys("a", "b");
    }

    @Test
    void deactivatingTakesTheQueuesOffWhenAskedAndClosesTheProvider() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        start(OptionalLong.empty(), true).deactivate();
        assertThat(provider.names()).containsExactly("configure", "removeOrphans", "removeAll", "close");
        // Nothing is heard after: no listener left behind.
        devices.deviceConnected(device(2, port(1, "b", 1_000_000)));
        policies.apply(POLICY.withInferenceHotPercent(60), "alice", "", OptionalLong.empty(), false);
        Thread.sleep(100);
        assertThat(provider.names()).hasSize(4);
        queues.deactivate(); // idempotent
        assertThat(provider.names()).hasSize(4);
    }

    @Test
    void deactivatingWithoutRemovalLeavesTheQueues() throws Exception {
        devices.deviceConnected(device(1, port(1, "a", 1_000_000)));
        start(OptionalLong.empty(), false);
        configures(1);
        queues.deactivate();
        assertThat(provider.names()).containsExactly("configure", "removeOrphans", "close");
    }
}
