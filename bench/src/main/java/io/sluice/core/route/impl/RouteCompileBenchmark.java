package io.sluice.core.route.impl;

import io.sluice.bench.classify.SyntheticPolicies;
import io.sluice.bench.emulator.FabricShape;
import io.sluice.bench.route.ShapeTopology;
import io.sluice.core.device.DeviceId;
import io.sluice.core.policy.Policy;
import io.sluice.core.qos.EdgeClassification;
import io.sluice.core.route.RouteTree;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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
 * Rule compilation, the step after planning: every switch's desired rules for a whole fabric from
 * its route trees and the policy in force ({@code RouteCompiler}: table-0 classification on every
 * host port, per-class routes for every host on every switch), and one edge port's classification
 * entries from a policy ({@link EdgeClassification}). Policies are the classifier benchmark's
 * synthetic ones (30 rules, about the default policy's size, and 1,000).
 *
 * <p>In {@code RouteCompiler}'s package because it is package-private: core's API is the routing
 * service, and the benchmark should not widen it. {@code ./sluice bench RouteCompile}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RouteCompileBenchmark {
    @Param({"4x12x2", "10x90x2"})
    public String fabric;

    @Param({"30", "1000"})
    public int rules;

    private Topology topology;
    private Map<DeviceId, RouteTree> trees;
    private Policy policy;
    private ConnectPoint edgePort;

    @Setup
    public void build() {
        String[] d = fabric.split("x");
        topology = ShapeTopology.of(FabricShape.leafSpine(Integer.parseInt(d[0]), Integer.parseInt(d[1]),
                Integer.parseInt(d[2])));
        policy = SyntheticPolicies.of(rules, 7);
        HopCountPlanner planner = new HopCountPlanner();
        trees = new HashMap<>();
        for (Host h : topology.hosts()) {
            DeviceId at = h.location().deviceId();
            trees.computeIfAbsent(at, k -> planner.plan(topology, k, RouteTree.empty(k)));
            edgePort = h.location();
        }
        if (fabricRules() == 0) {
            throw new IllegalStateException("nothing compiled");
        }
    }

    /** Every switch's rules for the whole fabric. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public int fabricRules() {
        return RouteCompiler.compile(topology, trees, policy, LinkLoad.NONE, key -> Optional.empty()).size();
    }

    /** One host port's table-0 classification entries. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int edgeEntries() {
        return EdgeClassification.compile(policy, edgePort, false).rules().size();
    }
}
