package io.sluice.core.route.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.impl.FlowRuleManager;
import io.sluice.core.route.PathResult;
import io.sluice.core.route.RoutingRun;
import io.sluice.core.route.TestFabric;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RouteManagerTest {
    private static final DeviceId LEAF1 = Ids.of(0x201);
    private final RecordingFlowRuleProvider provider = new RecordingFlowRuleProvider();
    private final FlowRuleManager flows = new FlowRuleManager(provider, new DeviceManager());
    private TestFabric fabric = TestFabric.leafSpine(2, 4, 1);
    private final SettableTopology topology = new SettableTopology(fabric.topology());
    private final RouteManager routes = new RouteManager(topology, flows, new HopCountPlanner(), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        routes.deactivate();
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

    private RoutingRun runAfter(long version) throws InterruptedException {
        until("a routing run for topology v" + version,
                () -> routes.lastRun().map(r -> r.topologyVersion() >= version).orElse(false));
        return routes.lastRun().orElseThrow();
    }

    private List<FlowRule> routeRules(DeviceId sw) {
        return flows.installedRules(sw).stream().map(r -> r.rule()).filter(r -> r.table() == FlowTable.ROUTE)
                .collect(Collectors.toList());
    }

    @Test
    void installsOneRulePerHostOnEverySwitchAndOnePerPortNearestTheDestinationFirst() throws Exception {
        Topology t = topology.currentTopology();
        routes.activate();
        RoutingRun run = runAfter(t.version());
        assertThat(run.complete()).isTrue();
        // 4 hosts x 6 switches route rules; ports: 2 spines x 4 + 4 leaves x 3.
        assertThat(run.writes()).isEqualTo(24 + 20);
        t.devices().forEach(d -> assertThat(routeRules(d.id())).as("%s", d.id()).hasSize(4));

        // For each host, its own switch's rule is written in an earlier batch than any other switch's.
        List<RecordingFlowRuleProvider.Batch> batches = provider.batches();
        for (Host h : t.hosts()) {
            int own = -1;
            int firstElsewhere = Integer.MAX_VALUE;
            for (int i = 0; i < batches.size(); i++) {
                for (FlowRuleOperation op : batches.get(i).ops) {
                    FlowRule r = op.rule().rule();
                    if (h.id().mac().equals(r.selector().ethDst())) {
                        if (r.device().equals(h.location().deviceId())) {
                            own = i;
                        } else {
                            firstElsewhere = Math.min(firstElsewhere, i);
                        }
                    }
                }
            }
            assertThat(own).as("%s: own switch first", h).isGreaterThanOrEqualTo(0).isLessThan(firstElsewhere);
        }
    }

    @Test
    void aLinkFailureRewritesOnlyTheRulesThatChange() throws Exception {
        routes.activate();
        runAfter(topology.currentTopology().version());
        Host far = topology.currentTopology().hosts().get(3);
        Link used = routes.path(topology.currentTopology().hosts().get(0).id(), far.id()).path().orElseThrow().links().get(0);
        provider.clear();

        fabric.cut(used.src().deviceId(), used.dst().deviceId());
        Topology cut = fabric.topology();
        topology.set(cut, TopologyEvent.of(TopologyEvent.Type.LINK_REMOVED, cut.version(), used));
        RoutingRun run = runAfter(cut.version());

        assertThat(run.complete()).isTrue();
        List<FlowRuleOperation> ops = provider.ops();
        assertThat(ops).as("no flush: nothing added or removed, only routes moved").isNotEmpty()
                .allMatch(op -> op.type() == FlowRuleOperation.Type.MODIFY);
        assertThat(ops.size()).as("far fewer than the 44 rules in the fabric").isLessThanOrEqualTo(8);
        assertThat(run.writes()).isEqualTo(ops.size());
        PathResult now = routes.path(topology.currentTopology().hosts().get(0).id(), far.id());
        assertThat(now.path().orElseThrow().links()).hasSize(2).doesNotContain(used);
        assertThat(now.path().orElseThrow().links().get(0).dst().deviceId()).isNotEqualTo(used.dst().deviceId());

        // The cable comes back. Routes still as short as any stay where they are; only the cut spine's
        // detour (three hops through another leaf) to the cut leaf's host becomes one hop again.
        provider.clear();
        fabric = TestFabric.leafSpine(2, 4, 1);
        Topology repaired = fabric.topology();
        topology.set(withVersion(repaired, cut.version() + 1), TopologyEvent.of(TopologyEvent.Type.LINK_ADDED, cut.version() + 1, used));
        runAfter(cut.version() + 1);
        assertThat(provider.ops()).as("link up moves only the cut spine's detour back").hasSize(1)
                .allMatch(op -> op.type() == FlowRuleOperation.Type.MODIFY
                        && op.rule().rule().device().equals(used.dst().deviceId()));
        assertThat(routes.path(topology.currentTopology().hosts().get(0).id(), far.id()).path())
                .as("traffic stays put").isEqualTo(now.path());
    }

    @Test
    void aHostThatLeavesLosesItsRulesEverywhereAfterTheOthersAreWritten() throws Exception {
        routes.activate();
        runAfter(topology.currentTopology().version());
        provider.clear();
        Topology t = topology.currentTopology();
        Host gone = t.hosts().get(1);
        Topology without = Topology.of(t.version() + 1, t.devices(), t.links(),
                t.hosts().stream().filter(h -> !h.equals(gone)).collect(Collectors.toList()));
        topology.set(without, TopologyEvent.of(TopologyEvent.Type.HOST_REMOVED, without.version(), gone));
        runAfter(without.version());
        assertThat(provider.ops()).hasSize(6)
                .allMatch(op -> op.type() == FlowRuleOperation.Type.REMOVE
                        && gone.id().mac().equals(op.rule().rule().selector().ethDst()));
        t.devices().forEach(d -> assertThat(routeRules(d.id())).hasSize(3));
    }

    @Test
    void aHostCountsAsRoutedOnlyOnceItsRulesAreConfirmed() throws Exception {
        Host h = topology.currentTopology().hosts().get(0);
        CompletableFuture<Void> routed = routes.whenRouted(h.id());
        assertThat(routed).isNotDone();
        routes.activate();
        routed.get(5, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(routes.whenRouted(h.id())).as("already routed: at once").isDone();
    }

    @Test
    void aSwitchThatRefusesItsRulesHoldsBackOnlyTheRoutesThroughItAndIsRetried() throws Exception {
        provider.failing.add(LEAF1);
        Topology t = topology.currentTopology();
        routes.activate();
        RoutingRun first = runAfter(t.version());
        assertThat(first.complete()).isFalse();
        Host behindLeaf1 = t.hosts().get(0);
        assertThat(behindLeaf1.location().deviceId()).isEqualTo(LEAF1);
        for (DeviceId other : List.of(Ids.of(0x202), Ids.of(0x101))) {
            assertThat(routeRules(other)).as("%s: routes to every host but the one whose own switch refused", other)
                    .hasSize(3).noneMatch(r -> behindLeaf1.id().mac().equals(r.selector().ethDst()));
        }
        // Every host needs a route on leaf 1 too, so none counts as routed yet.
        assertThat(routes.whenRouted(t.hosts().get(1).id())).isNotDone();
        assertThat(routes.whenRouted(behindLeaf1.id())).isNotDone();

        provider.failing.clear();
        until("the retry installs leaf 1's rules", () -> routeRules(LEAF1).size() == 4);
        until("a complete run", () -> routes.lastRun().orElseThrow().complete());
        t.devices().forEach(d -> assertThat(routeRules(d.id())).hasSize(4));
        assertThat(routes.whenRouted(behindLeaf1.id())).isDone();
    }

    @Test
    void aFartherSwitchIsNeverPointedAtANearerOneThatRefusedItsChange() throws Exception {
        routes.activate();
        runAfter(topology.currentTopology().version());
        Topology t = topology.currentTopology();
        Host h1 = t.hosts().get(0);
        Link up = routes.path(t.hosts().get(1).id(), h1.id()).path().orElseThrow().links().get(1);
        DeviceId spine = up.src().deviceId();
        // Cutting leaf 1 from that spine sends the spine's traffic for h1 round another leaf (3 hops),
        // and the leaves' onto the other spine. If the leaves refuse, the spine must not be rerouted
        // through them: that would loop between spine and leaf.
        for (int j = 2; j <= 4; j++) {
            provider.failing.add(Ids.of(0x200 + j));
        }
        provider.clear();
        fabric.cut(LEAF1, spine);
        Topology cut = fabric.topology();
        topology.set(cut, TopologyEvent.of(TopologyEvent.Type.LINK_REMOVED, cut.version(), up));
        RoutingRun run = runAfter(cut.version());

        assertThat(run.complete()).isFalse();
        assertThat(provider.batches()).filteredOn(b -> b.device.equals(spine))
                .flatExtracting(b -> b.ops)
                .noneMatch(op -> h1.id().mac().equals(op.rule().rule().selector().ethDst()));
    }

    private static Topology withVersion(Topology t, long version) {
        return Topology.of(version, t.devices(), t.links(), t.hosts());
    }
}
