package io.sluice.core.classify.impl;

import static io.sluice.core.policy.PolicyFixtures.base;
import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.ClassificationModeListener;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.classify.PolicyInForce;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.core.policy.impl.StandInPolicyCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Classification on and off over the policy in force: what routing and the flow tracker are given. */
class ClassificationModeManagerTest {
    private static final Policy POLICY = base().rule(rule("triton", 500, TrafficClass.INFERENCE,
            match().ipProto(6).dstPorts(ports(8000, 8001)))).build();
    private final PolicyManager policies = new PolicyManager(new InMemoryPolicyStore(), new StandInPolicyCodec(),
            POLICY);

    private static TrafficClass decide(PolicyInForce in) {
        FlowKey k = FlowKey.builder().src(Ip4Address.parse("10.0.1.1")).dst(Ip4Address.parse("10.0.2.1")).ipProto(6)
                .srcPort(40000).dstPort(8000).build();
        return in.classifier().classify(k, FlowObservations.NONE).trafficClass();
    }

    @Test
    void onClassifiesByThePolicyInForceAndOffMarksEverythingBestEffort() throws Exception {
        policies.activate();
        ClassificationModeManager mode = new ClassificationModeManager(policies, true);
        assertThat(mode.isOn()).isTrue();
        assertThat(mode.applied(POLICY)).isSameAs(POLICY);
        assertThat(decide(mode.inForce())).isEqualTo(TrafficClass.INFERENCE);
        assertThat(mode.inForce().classifier()).isSameAs(policies.current().classifier());

        assertThat(mode.set(false, "alice")).isTrue();
        assertThat(mode.isOn()).isFalse();
        assertThat(mode.applied(POLICY)).isEqualTo(POLICY.withEverythingAs(TrafficClass.BEST_EFFORT));
        assertThat(decide(mode.inForce())).isEqualTo(TrafficClass.BEST_EFFORT);
        assertThat(mode.inForce()).as("compiled once per policy").isSameAs(mode.inForce());
        assertThat(policies.current().policy()).as("the policy in force is untouched").isEqualTo(POLICY);

        // A new policy in force is flattened afresh.
        Policy next = POLICY.withInferenceHotPercent(70);
        policies.apply(next, "bob", "", OptionalLong.empty(), false);
        assertThat(mode.inForce().policy()).isEqualTo(next.withEverythingAs(TrafficClass.BEST_EFFORT));

        assertThat(mode.set(true, "alice")).isTrue();
        assertThat(decide(mode.inForce())).isEqualTo(TrafficClass.INFERENCE);
    }

    @Test
    void listenersHearEachChangeWithItsReasonAndOnlyChanges() {
        policies.activate();
        ClassificationModeManager mode = new ClassificationModeManager(policies, false);
        List<String> heard = new ArrayList<>();
        mode.addListener(why -> {
            throw new IllegalStateException("listener bug");
        });
        ClassificationModeListener recording = heard::add;
        mode.addListener(recording);
        assertThat(mode.set(false, "alice")).as("already off").isFalse();
        assertThat(mode.set(true, "alice")).isTrue();
        assertThat(mode.set(false, "api")).isTrue();
        assertThat(heard).containsExactly("classification on (by alice)",
                "classification off: everything BEST_EFFORT (by api)");
        mode.removeListener(recording);
        mode.set(true, "api");
        assertThat(heard).hasSize(2);
    }
}
