package io.sluice.core.route.impl;

import static io.sluice.core.policy.PolicyFixtures.base;
import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.impl.ClassificationModeManager;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.policy.impl.InMemoryPolicyStore;
import io.sluice.core.policy.impl.PolicyManager;
import io.sluice.core.policy.impl.StandInPolicyCodec;
import io.sluice.core.route.RoutingRun;
import io.sluice.core.route.TestFabric;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routing follows the policy in force and the classification mode, from start on. */
class PolicyRoutingTest {
    private static final Policy POLICY = base().rule(rule("triton", 500, TrafficClass.INFERENCE,
            match().ipProto(6).dstPorts(ports(8000, 8001)))).build();
    private final FlowRuleManager flows = new FlowRuleManager(new RecordingFlowRuleProvider(), new DeviceManager());
    private final SettableTopology topology = new SettableTopology(TestFabric.leafSpine(2, 2, 1).topology());
    private final RouteManager routes = new RouteManager(topology, flows, new HopCountPlanner(), Duration.ofSeconds(5));
    private final PolicyManager policies = new PolicyManager(new InMemoryPolicyStore(), new StandInPolicyCodec(),
            POLICY);
    private final ClassificationModeManager mode = new ClassificationModeManager(policies, false);
    private final PolicyRouting routing = new PolicyRouting(policies, routes, mode);

    @AfterEach
    void stop() {
        routing.deactivate();
        routes.deactivate();
    }

    private void ranFor(String trigger) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (routes.recentRuns().stream().map(RoutingRun::trigger).noneMatch(t -> t.contains(trigger))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no routing run for '" + trigger + "' within 5 s: " + routes.recentRuns());
            }
            Thread.sleep(5);
        }
    }

    @Test
    void routingHearsThePolicyAtStartEachNewVersionAndEachSwitchOfTheMode() throws Exception {
        policies.activate();
        routing.activate();
        routes.activate();
        ranFor("policy v1 in force at start, classification off");

        mode.set(true, "alice");
        ranFor("classification on (by alice)");
        policies.apply(POLICY.withInferenceHotPercent(70), "bob", "", OptionalLong.empty(), false);
        ranFor("policy v2");

        routing.deactivate();
        policies.apply(POLICY, "bob", "", OptionalLong.empty(), false);
        mode.set(false, "carol");
        Thread.sleep(200);
        assertThat(routes.recentRuns()).extracting(RoutingRun::trigger).as("no longer followed")
                .noneMatch(t -> t.contains("policy v3") || t.contains("by carol"));
    }
}
