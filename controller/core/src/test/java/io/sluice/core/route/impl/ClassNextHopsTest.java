package io.sluice.core.route.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.TestFabric;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each route preference's choice among the links one hop closer, on a leaf-spine built in code. */
class ClassNextHopsTest {
    private static final DeviceId LEAF1 = Ids.of(0x201);
    private static final DeviceId LEAF2 = Ids.of(0x202);
    private final Topology topology = TestFabric.leafSpine(3, 2, 1).topology();
    private final RouteTree toLeaf2 = new HopCountPlanner().plan(topology, LEAF2, RouteTree.empty(LEAF2));
    private final Policy policy = PolicyFixtures.base().build();

    /** Rates set by the test, per link (by its source) and class: measurements as numbers. */
    private static final class GivenLoad implements LinkLoad {
        final Map<String, Long> bps = new HashMap<>();

        GivenLoad set(Link l, TrafficClass c, long rate) {
            bps.put(l.src() + "/" + c, rate);
            return this;
        }

        @Override
        public long bps(Link link, TrafficClass c) {
            return bps.getOrDefault(link.src() + "/" + c, 0L);
        }

        @Override
        public long totalBps(Link link) {
            long sum = 0;
            for (TrafficClass c : TrafficClass.values()) {
                sum += bps(link, c);
            }
            return sum;
        }
    }

    private TrafficTreatment at(TrafficClass c, LinkLoad load) {
        ClassProfile p = policy.classes().get(c);
        return ClassNextHops.at(topology, toLeaf2, LEAF1, p, load);
    }

    private Link uplink(long port) {
        return topology.linkFrom(io.sluice.core.topology.ConnectPoint.of(LEAF1, port)).orElseThrow();
    }

    private long treeUplink() {
        return toLeaf2.nextHop(LEAF1).orElseThrow().src().port();
    }

    @Test
    void trainingSpreadsOverEveryUplinkAndKeepsItsQueue() {
        TrafficTreatment t = at(TrafficClass.TRAINING, LinkLoad.NONE);
        assertThat(t.group()).isEqualTo(ForwardingGroup.select(List.of(1L, 2L, 3L)));
        assertThat(t.queue()).isEqualTo((long) policy.classes().get(TrafficClass.TRAINING).queue());
    }

    @Test
    void inferenceFailsOverFromTheTreesUplinkToTheOthers() {
        TrafficTreatment t = at(TrafficClass.INFERENCE, LinkLoad.NONE);
        assertThat(t.group().kind()).isEqualTo(ForwardingGroup.Kind.FAST_FAILOVER);
        assertThat(t.group().ports()).hasSize(3).first().isEqualTo(treeUplink());
    }

    @Test
    void inferenceLeavesAnUplinkOnlyWhenInferenceMakesItHot() {
        long tree = treeUplink();
        Link hot = uplink(tree);
        long cap = hot.capacityBps();
        // Busy with bulk, not with inference: stays.
        assertThat(at(TrafficClass.INFERENCE, new GivenLoad().set(hot, TrafficClass.TRAINING, cap)).group().ports().get(0))
                .isEqualTo(tree);
        // Hot with inference: the coolest other uplink leads.
        long other = tree == 1 ? 2 : 1;
        GivenLoad load = new GivenLoad().set(hot, TrafficClass.INFERENCE, (long) (0.8 * cap));
        for (long p = 1; p <= 3; p++) {
            if (p != tree && p != other) {
                load.set(uplink(p), TrafficClass.INFERENCE, (long) (0.3 * cap));
            }
        }
        assertThat(at(TrafficClass.INFERENCE, load).group().ports().get(0)).isEqualTo(other);
    }

    @Test
    void archivalTakesTheLeastLoadedUplinkAwayFromInferenceAndIgnoresItsOwnLoad() {
        long tree = treeUplink();
        long cap = uplink(tree).capacityBps();
        assertThat(at(TrafficClass.ARCHIVAL, LinkLoad.NONE).outputPort()).isEqualTo(tree);
        // Its own class on the tree's uplink does not push it off (it would come back once it left).
        assertThat(at(TrafficClass.ARCHIVAL, new GivenLoad().set(uplink(tree), TrafficClass.ARCHIVAL, cap)).outputPort())
                .isEqualTo(tree);
        // Training on the tree's uplink: it moves to an idle one.
        long moved = at(TrafficClass.ARCHIVAL, new GivenLoad().set(uplink(tree), TrafficClass.TRAINING, cap / 2))
                .outputPort();
        assertThat(moved).isNotEqualTo(tree);
        // An idle uplink that inference makes hot is avoided even though it is the least loaded.
        GivenLoad load = new GivenLoad();
        for (long p = 1; p <= 3; p++) {
            load.set(uplink(p), TrafficClass.TRAINING, p == tree ? cap / 2 : cap / 4);
        }
        long hotOne = tree == 3 ? 2 : 3;
        load.set(uplink(hotOne), TrafficClass.TRAINING, 0).set(uplink(hotOne), TrafficClass.INFERENCE, (long) (0.6 * cap));
        long chosen = at(TrafficClass.ARCHIVAL, load).outputPort();
        assertThat(chosen).isNotEqualTo(hotOne).isNotEqualTo(tree);
    }

    @Test
    void shortestAndASwitchWithOneWayCloserTakeTheTreesLink() {
        assertThat(at(TrafficClass.BEST_EFFORT, LinkLoad.NONE).outputPort()).isEqualTo(treeUplink());
        // A spine has one link toward leaf 2: no group, whatever the class.
        DeviceId spine = Ids.of(0x101);
        ClassProfile training = policy.classes().get(TrafficClass.TRAINING);
        assertThat(ClassNextHops.at(topology, toLeaf2, spine, training, LinkLoad.NONE).group()).isNull();
    }

    @Test
    void aLoadAwareClassStaysWhereItIsUntilLoadSaysMove() {
        long tree = treeUplink();
        long elsewhere = tree == 1 ? 2 : 1;
        ClassProfile inference = policy.classes().get(TrafficClass.INFERENCE);
        ClassProfile archival = policy.classes().get(TrafficClass.ARCHIVAL);
        // Moved off the tree's uplink earlier; that uplink has cooled since: no move back.
        assertThat(ClassNextHops.at(topology, toLeaf2, LEAF1, inference, LinkLoad.NONE, 50, elsewhere).group().ports()
                .get(0)).isEqualTo(elsewhere);
        long cap = uplink(tree).capacityBps();
        GivenLoad load = new GivenLoad().set(uplink(elsewhere), TrafficClass.ARCHIVAL, cap / 2);
        assertThat(ClassNextHops.at(topology, toLeaf2, LEAF1, archival, load, 50, elsewhere).outputPort())
                .as("its own load where it is does not push it off").isEqualTo(elsewhere);
        // Inference makes where it is hot: it moves.
        GivenLoad hot = new GivenLoad().set(uplink(elsewhere), TrafficClass.INFERENCE, (long) (0.9 * cap));
        assertThat(ClassNextHops.at(topology, toLeaf2, LEAF1, inference, hot, 50, elsewhere).group().ports().get(0))
                .isNotEqualTo(elsewhere);
    }
}
