package io.sluice.core.stats.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.route.TestFabric;
import io.sluice.core.stats.LinkRate;
import io.sluice.core.stats.SwitchCounters;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import io.sluice.core.topology.TopologyListener;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rates from two readings of a leaf's counters, attributed to links and classes through the real
 * rule record. The counters are scripted: no switch runs here (the OpenFlow provider is exercised
 * on Open vSwitch by the end-to-end tests).
 */
class LinkStatsManagerOnScriptedCountersTest {
    private static final DeviceId LEAF = Ids.of(0x201);
    private static final long SECOND = 1_000_000_000L;
    private final Topology topology = TestFabric.leafSpine(2, 2, 1).topology();
    private final TopologyService topologyService = new TopologyService() {
        @Override
        public Topology currentTopology() {
            return topology;
        }

        @Override
        public Optional<Instant> lastSeen(HostId host) {
            return Optional.empty();
        }

        @Override
        public void addListener(TopologyListener l) {
        }

        @Override
        public void removeListener(TopologyListener l) {
        }
    };
    private final DeviceManager devices = new DeviceManager();
    private final FlowRuleManager rules = new FlowRuleManager((d, ops) -> CompletableFuture.completedFuture(null), devices);
    private final Policy policy = PolicyFixtures.base().build();
    private final Map<DeviceId, SwitchCounters> next = new HashMap<>();
    private final LinkStatsManager stats = new LinkStatsManager(topologyService, rules,
            d -> next.containsKey(d) ? CompletableFuture.completedFuture(next.get(d))
                    : CompletableFuture.failedFuture(new IllegalStateException("not connected")),
            () -> policy, Duration.ofSeconds(1));
    private long trainingId;
    private long catchAllId;

    @BeforeEach
    void installRoutes() throws Exception {
        rules.activate();
        devices.deviceConnected(topology.device(LEAF).orElseThrow());
        MacAddress dst = MacAddress.of(0x0200_0000_0000L + 2 * 256 + 1);
        int trainingDscp = policy.classes().get(TrafficClass.TRAINING).dscp();
        FlowRule training = FlowRule.of(LEAF, FlowTable.ROUTE, 1100, TrafficSelector.builder().ethDst(dst)
                .dscp(trainingDscp).build(), TrafficTreatment.group(ForwardingGroup.select(List.of(1L, 2L))), "training");
        FlowRule catchAll = FlowRule.of(LEAF, FlowTable.ROUTE, 1000, TrafficSelector.builder().ethDst(dst).build(),
                TrafficTreatment.output(1), "catch-all");
        rules.apply(LEAF, FlowRuleDiff.between(List.of(), List.of(training, catchAll))).get();
        for (InstalledRule r : rules.installedRules(LEAF)) {
            if (r.rule().reason().equals("training")) {
                trainingId = r.id();
            } else {
                catchAllId = r.id();
            }
        }
    }

    private void read(long seconds, long tx1, long tx2, long trainingBucket1, long trainingBucket2, long catchAll) {
        next.put(LEAF, SwitchCounters.of(LEAF, seconds * SECOND,
                Map.of(1L, new SwitchCounters.PortCounters(tx1, 0, 0), 2L, new SwitchCounters.PortCounters(tx2, 0, 0)),
                Map.of(trainingId, new SwitchCounters.RuleCounters(0, trainingBucket1 + trainingBucket2, 0),
                        catchAllId, new SwitchCounters.RuleCounters(0, catchAll, 0)),
                Map.of(trainingId, List.of(trainingBucket1, trainingBucket2))));
        stats.poll();
    }

    private LinkRate rate(long port) {
        Link l = topology.linkFrom(ConnectPoint.of(LEAF, port)).orElseThrow();
        return stats.links().stream().filter(r -> r.link().equals(l)).findFirst().orElseThrow();
    }

    @Test
    void classRatesComeFromTheRulesAndBucketsThatSendThemOutOfEachPort() {
        AtomicInteger shifts = new AtomicInteger();
        stats.addLoadShiftListener(shifts::incrementAndGet);
        read(10, 0, 0, 0, 0, 0);
        assertThat(stats.links()).as("one reading makes no rate").isEmpty();
        // Over 2 s: port 1 sent 5 MB (3 MB training via bucket 1, 2 MB best effort), port 2 sent 1 MB (training).
        read(12, 5_000_000, 1_000_000, 3_000_000, 1_000_000, 2_000_000);
        assertThat(rate(1).bps()).isEqualTo(20_000_000);
        assertThat(rate(1).bps(TrafficClass.TRAINING)).isEqualTo(12_000_000);
        assertThat(rate(1).bps(TrafficClass.BEST_EFFORT)).isEqualTo(8_000_000);
        assertThat(rate(2).bps(TrafficClass.TRAINING)).isEqualTo(4_000_000);
        assertThat(rate(2).bps(TrafficClass.BEST_EFFORT)).isZero();
        Link up1 = rate(1).link();
        assertThat(stats.bps(up1, TrafficClass.TRAINING)).isEqualTo(12_000_000);
        assertThat(stats.totalBps(up1)).isEqualTo(20_000_000);
        assertThat(shifts).as("10 Gbit/s links: 20 Mbit/s crosses no step routing weighs").hasValue(0);
    }

    @Test
    void aCounterThatWentBackGivesNoRate() {
        read(10, 5_000_000, 0, 3_000_000, 0, 0);
        read(11, 6_000_000, 0, 1_000, 0, 0); // the rule was rewritten under a new id: counters restarted
        assertThat(rate(1).bps(TrafficClass.TRAINING)).isZero();
        assertThat(rate(1).bps()).isEqualTo(8_000_000);
    }

    @Test
    void aSwitchThatMissesARoundKeepsItsRatesForAWhile() {
        read(10, 0, 0, 0, 0, 0);
        read(11, 1_000_000, 0, 0, 0, 1_000_000);
        next.clear(); // the leaf does not answer
        stats.poll();
        assertThat(rate(1).bps()).as("one missed round: still the last rate").isEqualTo(8_000_000);
        // Another switch answers, three intervals later: the leaf's rates are too old now.
        DeviceId spine = Ids.of(0x101);
        next.put(spine, SwitchCounters.of(spine, 15 * SECOND, Map.of(), Map.of(), Map.of()));
        stats.poll();
        assertThat(stats.links()).isEmpty();
    }

    @Test
    void ratesGoAfterThreeRoundsThatNobodyAnswered() {
        read(10, 0, 0, 0, 0, 0);
        read(11, 1_000_000, 0, 0, 0, 1_000_000);
        next.clear();
        stats.poll();
        stats.poll();
        assertThat(stats.links()).as("two silent rounds: still the last rates").isNotEmpty();
        stats.poll();
        stats.poll();
        assertThat(stats.links()).as("past three intervals without an answer").isEmpty();
    }
}
