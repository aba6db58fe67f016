package io.sluice.bench.route;

import io.sluice.bench.emulator.FabricShape;
import io.sluice.core.device.DeviceId;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.impl.HopCountPlanner;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Path planning on fabrics of about 1,000 switches: one destination's route tree (a backwards
 * breadth-first search and a next-hop choice at every switch), and the trees toward every switch
 * with hosts, which is what a full routing run plans (a link failure replans them all). The
 * fabrics are leaf-spine 20x980 (39,200 directed links) and the k=28 fat tree (980 switches,
 * 21,952 directed links), each with two hosts per edge switch.
 *
 * <p>{@code ./sluice bench PathPlanning}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PathPlanningBenchmark {
    @Param({"leaf-spine-20x980", "fat-tree-28"})
    public String fabric;

    private final HopCountPlanner planner = new HopCountPlanner();
    private Topology topology;
    private List<DeviceId> destinations;
    private int next;

    @Setup
    public void build() {
        FabricShape shape = fabric.startsWith("leaf-spine") ? FabricShape.leafSpine(20, 980, 2) : FabricShape.fatTree(28, 2);
        topology = ShapeTopology.of(shape);
        Set<DeviceId> edges = new LinkedHashSet<>();
        for (Host h : topology.hosts()) {
            edges.add(h.location().deviceId());
        }
        destinations = new ArrayList<>(edges);
        // Planned once here, so a tree that did not reach every switch fails the run instead of timing it.
        RouteTree t = planner.plan(topology, destinations.get(0), RouteTree.empty(destinations.get(0)));
        if (t.members().size() != shape.switches().size()) {
            throw new IllegalStateException("tree reaches " + t.members().size() + " of " + shape.switches().size());
        }
    }

    /** One destination's tree, from nothing (a new edge switch); destinations taken in turn. */
    @Benchmark
    public RouteTree oneTree() {
        DeviceId d = destinations.get(next++ % destinations.size());
        return planner.plan(topology, d, RouteTree.empty(d));
    }

    /** Every destination's tree: a full routing run's planning (980 trees). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Measurement(iterations = 5, time = 5)
    public int allTrees() {
        int members = 0;
        for (DeviceId d : destinations) {
            members += planner.plan(topology, d, RouteTree.empty(d)).members().size();
        }
        return members;
    }
}
