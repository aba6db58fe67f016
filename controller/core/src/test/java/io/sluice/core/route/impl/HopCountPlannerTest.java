package io.sluice.core.route.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.device.DeviceId;
import io.sluice.core.route.Path;
import io.sluice.core.route.PathResult;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.TestFabric;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HopCountPlannerTest {
    private final HopCountPlanner planner = new HopCountPlanner();

    private Path path(Topology t, Host from, Host to) {
        DeviceId dst = to.location().deviceId();
        RouteTree tree = planner.plan(t, dst, RouteTree.empty(dst));
        PathResult r = tree.path(from.location(), to.location());
        assertThat(r.isFound()).as("%s -> %s: %s", from, to, r).isTrue();
        return r.path().orElseThrow();
    }

    @Test
    void everyPairInALeafSpineIsTwoHopsApartThroughSomeSpine() {
        Topology t = TestFabric.leafSpine(2, 4, 2).topology();
        for (Host a : t.hosts()) {
            for (Host b : t.hosts()) {
                Path p = path(t, a, b);
                int expected = a.location().deviceId().equals(b.location().deviceId()) ? 0 : 2;
                assertThat(p.links()).as("%s -> %s", a, b).hasSize(expected);
                assertThat(p.hops().get(0).inPort()).isEqualTo(a.location().port());
                assertThat(p.hops().get(p.hops().size() - 1).outPort()).isEqualTo(b.location().port());
            }
        }
    }

    @Test
    void destinationsSpreadOverTheSpines() {
        Topology t = TestFabric.leafSpine(4, 8, 1).topology();
        Set<DeviceId> spinesUsed = new HashSet<>();
        for (int leaf = 2; leaf <= 8; leaf++) {
            DeviceId dst = Ids.of(0x200 + leaf);
            RouteTree tree = planner.plan(t, dst, RouteTree.empty(dst));
            spinesUsed.add(tree.nextHop(Ids.of(0x201)).orElseThrow().dst().deviceId());
        }
        assertThat(spinesUsed).as("routes from leaf 1 to seven leaves").hasSizeGreaterThan(1);
    }

    @Test
    void aCutSpineLinkMovesOnlyTheRoutesThatUsedItAndTheCableComingBackMovesNothing() {
        TestFabric f = TestFabric.leafSpine(2, 4, 1);
        Topology before = f.topology();
        DeviceId dst = Ids.of(0x204);
        RouteTree first = planner.plan(before, dst, RouteTree.empty(dst));
        DeviceId spine = first.nextHop(Ids.of(0x201)).orElseThrow().dst().deviceId();

        RouteTree afterCut = planner.plan(f.cut(Ids.of(0x201), spine).topology(), dst, first);
        Link moved = afterCut.nextHop(Ids.of(0x201)).orElseThrow();
        assertThat(moved.dst().deviceId()).isNotEqualTo(spine);
        for (int leaf = 2; leaf <= 3; leaf++) {
            DeviceId d = Ids.of(0x200 + leaf);
            assertThat(afterCut.nextHop(d)).as("leaf %s keeps its route", d).isEqualTo(first.nextHop(d));
        }

        TestFabric restored = TestFabric.leafSpine(2, 4, 1);
        RouteTree afterRepair = planner.plan(restored.topology(), dst, afterCut);
        assertThat(afterRepair.nextHop(Ids.of(0x201))).as("still as short: stays").contains(moved);
    }

    @Test
    void aRingGoesTheShortWayRound() {
        Topology t = TestFabric.ring(6).topology();
        Host h1 = t.hosts().get(0);
        assertThat(path(t, h1, t.hosts().get(1)).links()).hasSize(1);
        assertThat(path(t, h1, t.hosts().get(3)).links()).as("opposite side").hasSize(3);
        assertThat(path(t, h1, t.hosts().get(5)).links()).as("backwards, not five hops forwards").hasSize(1);
    }

    @Test
    void aFatTreeTakesFourLinksBetweenPodsTwoWithinAPodAndSpreadsOverTheCores() {
        Topology t = TestFabric.fatTree(4).topology();
        assertThat(t.devices()).hasSize(20);
        assertThat(t.hosts()).hasSize(16);
        Set<DeviceId> cores = new HashSet<>();
        for (Host a : t.hosts()) {
            for (Host b : t.hosts()) {
                Path p = path(t, a, b);
                long podA = Long.parseLong(a.location().deviceId().uri().substring(3), 16) >> 4 & 0xF;
                long podB = Long.parseLong(b.location().deviceId().uri().substring(3), 16) >> 4 & 0xF;
                int expected = a.location().deviceId().equals(b.location().deviceId()) ? 0 : podA == podB ? 2 : 4;
                assertThat(p.links()).as("%s -> %s", a, b).hasSize(expected);
                if (expected == 4) {
                    cores.add(p.links().get(1).dst().deviceId());
                }
            }
        }
        assertThat(cores).as("core switches carrying inter-pod routes").hasSizeGreaterThan(1);
    }

    @Test
    void aDisconnectedFabricGivesAClearNoPath() {
        TestFabric f = TestFabric.leafSpine(1, 2, 1);
        f.cut(Ids.of(0x202), Ids.of(0x101));
        Topology t = f.topology();
        Host a = t.hosts().get(0);
        Host b = t.hosts().get(1);
        RouteTree tree = planner.plan(t, b.location().deviceId(), RouteTree.empty(b.location().deviceId()));
        PathResult r = tree.path(a.location(), b.location());
        assertThat(r.isFound()).isFalse();
        assertThat(r.noPathReason().orElseThrow())
                .contains(a.location().deviceId().toString(), b.location().deviceId().toString(), "no chain of links");
    }

    @Test
    void aTreeThatWouldLoopIsRefused() {
        TestFabric f = TestFabric.ring(3);
        Link oneToTwo = f.links().get(0);
        Link twoToOne = f.links().get(1);
        DeviceId one = Ids.of(1);
        DeviceId two = Ids.of(2);
        assertThatThrownBy(() -> RouteTree.of(Ids.of(3), Map.of(one, oneToTwo, two, twoToOne),
                Map.of(one, 1, two, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not lead closer");
    }
}
