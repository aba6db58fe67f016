package io.sluice.core.classify.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.classify.PolicyInForce;
import io.sluice.core.classify.TrackedFlow;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.pipeline.Pipeline;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.stats.SwitchCounters;
import io.sluice.core.topology.ConnectPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Flows the controller classifies: an exact rule per flow at its edge, elephants rewritten in place
 * once their counters pass the policy's thresholds, expired rules forgotten. The rule manager is
 * the real one; the switch confirms every write at once and its counters are given as numbers.
 */
class FlowTrackerTest {
    private static final DeviceId EDGE = Ids.of(0x201);
    private static final long SECOND = 1_000_000_000L;
    private final List<FlowRuleOperation> written = new ArrayList<>();
    private final FlowRuleProvider confirmsAll = (device, ops) -> {
        synchronized (written) {
            written.addAll(ops);
        }
        return CompletableFuture.completedFuture(null);
    };
    private final DeviceManager devices = new DeviceManager();
    private final FlowRuleManager rules = new FlowRuleManager(confirmsAll, devices);
    private final Policy policy = PolicyFixtures.base()
            .behaviour(10_000_000, Duration.ofSeconds(2), 20_000_000, TrafficClass.ARCHIVAL).build();
    private volatile Policy inForce = policy;
    /** Nanoseconds as the tracker sees them: the test moves them. */
    private final AtomicLong nanos = new AtomicLong(SECOND / 2);
    /** The policy in force, compiled once per change as the controller does (not once per packet). */
    private PolicyInForce compiled;
    private final FlowTracker tracker = new FlowTracker(rules, this::policyInForce, Duration.ofSeconds(10),
            Clock.systemUTC(), nanos::get);

    private synchronized PolicyInForce policyInForce() {
        Policy p = inForce;
        if (compiled == null || compiled.policy() != p) {
            compiled = PolicyInForce.of(p, compile(p));
        }
        return compiled;
    }

    private static IndexedClassifier compile(Policy p) {
        try {
            return IndexedClassifier.compile(p);
        } catch (InvalidPolicyException e) {
            throw new AssertionError(e);
        }
    }

    private static final FlowKey FLOW = FlowKey.builder().src(Ip4Address.parse("10.0.3.1"))
            .dst(Ip4Address.parse("10.0.4.1")).ipProto(6).srcPort(40000).dstPort(5201)
            .ingress(ConnectPoint.of(EDGE, 3)).build();

    @BeforeEach
    void connect() {
        rules.activate();
        devices.deviceConnected(Device.builder(EDGE).build());
    }

    private InstalledRule edgeRule() {
        List<InstalledRule> all = rules.installedRules(EDGE);
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private SwitchCounters reading(long atSeconds, long bytes) {
        long id = edgeRule().id();
        return SwitchCounters.of(EDGE, atSeconds * SECOND, Map.of(),
                Map.of(id, new SwitchCounters.RuleCounters(bytes / 1000, bytes, atSeconds * SECOND)), Map.of());
    }

    @Test
    void aNewFlowGetsAnExactRuleWithItsClassAndAnIdleTimeout() throws Exception {
        tracker.admit(FLOW).get();
        FlowRule r = edgeRule().rule();
        assertThat(r.priority()).isEqualTo(Pipeline.FLOW_PRIORITY);
        assertThat(r.idleTimeoutSeconds()).isEqualTo(10);
        assertThat(r.selector().srcPort()).isEqualTo(40000);
        assertThat(r.selector().dstPort()).isEqualTo(5201);
        assertThat(r.treatment().setDscp()).isEqualTo(policy.classes().get(TrafficClass.BEST_EFFORT).dscp());
        TrackedFlow f = tracker.flows().get(0);
        assertThat(f.classification().basis()).isEqualTo(Classification.Basis.DEFAULT);
        assertThat(f.installed()).isTrue();
        // A second packet-in of the same flow writes nothing more.
        tracker.admit(FLOW).get();
        assertThat(written).hasSize(1);
    }

    @Test
    void anElephantIsRewrittenInPlaceOnceAndStaysOne() throws Exception {
        tracker.admit(FLOW).get();
        long id = edgeRule().id();
        tracker.countersRead(reading(1, 3_000_000));
        tracker.countersRead(reading(2, 6_000_000)); // 24 Mbit/s but only 6 MB: not yet
        assertThat(tracker.flows().get(0).classification().trafficClass()).isEqualTo(TrafficClass.BEST_EFFORT);
        tracker.countersRead(reading(3, 12_000_000)); // 12 MB, 3 s, 48 Mbit/s: an elephant
        TrackedFlow f = tracker.flows().get(0);
        assertThat(f.classification().trafficClass()).isEqualTo(TrafficClass.ARCHIVAL);
        assertThat(f.classification().basis()).isEqualTo(Classification.Basis.BEHAVIOUR);
        assertThat(f.rateBps()).isEqualTo(48_000_000);
        assertThat(written).hasSize(2);
        assertThat(written.get(1).type()).isEqualTo(FlowRuleOperation.Type.MODIFY);
        assertThat(edgeRule().id()).as("rewritten in place: same slot, same id").isEqualTo(id);
        assertThat(edgeRule().rule().treatment().setDscp()).isEqualTo(policy.classes().get(TrafficClass.ARCHIVAL).dscp());
        // It slows down: still ARCHIVAL, nothing written.
        tracker.countersRead(reading(4, 12_100_000));
        assertThat(tracker.flows().get(0).classification().trafficClass()).isEqualTo(TrafficClass.ARCHIVAL);
        assertThat(written).hasSize(2);
    }

    @Test
    void aRuleTheSwitchTimedOutIsForgottenWithItsFlow() throws Exception {
        tracker.admit(FLOW).get();
        tracker.countersRead(SwitchCounters.of(EDGE, SECOND, Map.of(), Map.of(), Map.of()));
        assertThat(tracker.flows()).isEmpty();
        assertThat(rules.installedRules(EDGE)).isEmpty();
        // Its next packet starts it again.
        tracker.admit(FLOW).get();
        assertThat(tracker.flows()).hasSize(1);
    }

    @Test
    void aReadingAskedForBeforeTheRuleWasConfirmedDoesNotExpireIt() throws Exception {
        nanos.set(5 * SECOND);
        tracker.admit(FLOW).get();
        tracker.countersRead(SwitchCounters.of(EDGE, 4 * SECOND, Map.of(), Map.of(), Map.of()));
        assertThat(tracker.flows()).hasSize(1);
        assertThat(rules.installedRules(EDGE)).hasSize(1);
    }

    @Test
    void aPacketOfTheFlowLongAfterItsRuleWasConfirmedReinstallsTheRule() throws Exception {
        tracker.admit(FLOW).get();
        long first = tracker.flows().get(0).id();
        tracker.admit(FLOW).get(); // at once: a packet that was already on its way up
        assertThat(written).hasSize(1);
        nanos.addAndGet(2 * SECOND); // later: the switch must have dropped the rule
        tracker.admit(FLOW).get();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).type()).isEqualTo(FlowRuleOperation.Type.ADD);
        assertThat(tracker.flows()).singleElement().satisfies(f -> assertThat(f.id()).isNotEqualTo(first));
    }

    @Test
    void aPolicyChangeRewritesTheRulesOfFlowsWhoseMarkChanges() throws Exception {
        tracker.admit(FLOW).get();
        inForce = PolicyFixtures.base().defaultClass(TrafficClass.TRAINING).build();
        tracker.policyChanged();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).type()).isEqualTo(FlowRuleOperation.Type.MODIFY);
        assertThat(edgeRule().rule().treatment().setDscp()).isEqualTo(inForce.classes().get(TrafficClass.TRAINING).dscp());
        assertThat(tracker.flows().get(0).classification().trafficClass()).isEqualTo(TrafficClass.TRAINING);
        // The same policy again: nothing to write.
        tracker.policyChanged();
        assertThat(written).hasSize(2);
    }

    @Test
    void atTheCapTheOldestFlowMakesRoomAndIdsStillFindFlows() throws Exception {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i <= FlowTracker.MAX_FLOWS; i++) {
            all.add(tracker.admit(FlowKey.builder().src(Ip4Address.of(0x0A00_0000 + i / 60_000))
                    .dst(Ip4Address.parse("10.0.4.1")).ipProto(6).srcPort(1024 + i % 60_000).dstPort(80)
                    .ingress(ConnectPoint.of(EDGE, 3)).build()));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        assertThat(tracker.size()).isEqualTo(FlowTracker.MAX_FLOWS);
        List<TrackedFlow> flows = tracker.flows();
        // The first flow went untracked; the rest are listed oldest first.
        assertThat(flows.get(0).id()).isEqualTo(2);
        assertThat(flows.get(flows.size() - 1).id()).isEqualTo(FlowTracker.MAX_FLOWS + 1);
        assertThat(tracker.flow(1)).isEmpty();
        assertThat(tracker.flow(50_000)).map(TrackedFlow::id).contains(50_000L);
        assertThat(tracker.edgeRule(50_000)).isPresent();
    }
}
