package io.sluice.bench.classify;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.Classifier;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.TrafficClass;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of deciding a flow's class with {@link IndexedClassifier} on large synthetic policies (the
 * rule mix is described in {@link SyntheticPolicies}), cycling through {@value SyntheticPolicies#FLOWS}
 * flows of which about half hit some rule and half fall through to the default class.
 *
 * <ul>
 * <li>{@code decide}: throughput of {@code classify(flow, FlowObservations.NONE)}.
 * <li>{@code decideLatency}: the same operation sampled one call at a time, for percentiles.
 * <li>{@code linearScanBaseline}: the same decisions (the same {@link Classification}s) by testing
 * the rules one by one, highest priority first, with each rule flattened to ints beforehand and
 * each flow's host-group memberships computed once: what a careful classifier without an index
 * costs.
 * </ul>
 *
 * <p>Setup compiles the policy, prints the compile time and the approximate heap the classifier
 * retains to stderr, and refuses to run (throws) unless the index and the linear scan pick the same
 * rule for every flow.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ClassifierBenchmark {
    private static final long POLICY_SEED = 0x51CE_0001L;
    private static final long FLOW_SEED = 0x51CE_0002L;

    @Param({"1000", "10000"})
    public int rules;

    private FlowKey[] flows;
    private Classifier classifier;
    private LinearScan linear;

    /** Where each benchmark thread is in the flow array. */
    @State(Scope.Thread)
    public static class Cursor {
        private int next;

        FlowKey next(FlowKey[] flows) {
            return flows[next++ & (flows.length - 1)];
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws InvalidPolicyException {
        Policy policy = SyntheticPolicies.of(rules, POLICY_SEED);
        flows = SyntheticPolicies.flows(policy, SyntheticPolicies.FLOWS, FLOW_SEED);
        linear = new LinearScan(policy);

        long before = usedAfterGc();
        long t0 = System.nanoTime();
        classifier = IndexedClassifier.compile(policy);
        long coldNanos = System.nanoTime() - t0;
        long retained = usedAfterGc() - before;
        long warmNanos = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t = System.nanoTime();
            Objects.requireNonNull(IndexedClassifier.compile(policy));
            warmNanos = Math.min(warmNanos, System.nanoTime() - t);
        }

        int hits = 0;
        for (FlowKey f : flows) {
            String indexed = classifier.matchingRule(f);
            String scanned = linear.matchingRule(f);
            if (!Objects.equals(indexed, scanned)) {
                throw new IllegalStateException("index and linear scan disagree on " + f + ": index says "
                        + indexed + ", linear scan says " + scanned);
            }
            Classification a = classifier.classify(f, FlowObservations.NONE);
            Classification b = linear.classify(f);
            if (a.trafficClass() != b.trafficClass() || !Objects.equals(a.ruleId(), b.ruleId())) {
                throw new IllegalStateException("index and linear scan classify " + f + " differently: " + a
                        + " vs " + b);
            }
            if (indexed != null) {
                hits++;
            }
        }
        System.err.printf("%nClassifierBenchmark: %d rules %s; compile %.1f ms cold, %.1f ms warm (best of 5); "
                + "classifier retains ~%.1f MiB (used heap after GC, before/after compile); %d flows, %d hit a "
                + "rule, %d default; index == linear scan on all of them%n", rules, SyntheticPolicies.mix(policy),
                coldNanos / 1e6, warmNanos / 1e6, retained / (1024.0 * 1024.0), flows.length, hits,
                flows.length - hits);
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Benchmark
    public Classification decide(Cursor c) {
        return classifier.classify(c.next(flows), FlowObservations.NONE);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public Classification decideLatency(Cursor c) {
        return classifier.classify(c.next(flows), FlowObservations.NONE);
    }

    @Benchmark
    public Classification linearScanBaseline(Cursor c) {
        return linear.classify(c.next(flows));
    }

    /**
     * First match over the rules in priority order (highest first; ties in the order written, as
     * the index orders them). Each rule is flattened to ints: a field it leaves unset becomes a
     * value that always passes (mask 0, port range 0-65535, -1 for protocol, VLAN and DSCP).
     */
    static final class LinearScan {
        private static final String DEFAULT_REASON = "no rule matched: the default class";

        private final Flat[] rules;
        private final HostGroup[] groups;
        private final TrafficClass defaultClass;

        LinearScan(Policy policy) {
            List<ClassificationRule> ordered = new ArrayList<>(policy.rules());
            ordered.sort(Comparator.comparingInt(ClassificationRule::priority).reversed());
            List<String> names = new ArrayList<>(policy.hostGroups().keySet());
            if (names.size() > 64) {
                throw new IllegalArgumentException("the linear scan handles up to 64 host groups, got " + names.size());
            }
            groups = new HostGroup[names.size()];
            for (int g = 0; g < groups.length; g++) {
                groups[g] = policy.hostGroups().get(names.get(g));
            }
            rules = new Flat[ordered.size()];
            for (int i = 0; i < rules.length; i++) {
                rules[i] = new Flat(ordered.get(i), names);
            }
            defaultClass = policy.defaultClass();
        }

        String matchingRule(FlowKey f) {
            Flat r = first(f);
            return r == null ? null : r.id;
        }

        Classification classify(FlowKey f) {
            Flat r = first(f);
            return r != null ? Classification.byRule(r.trafficClass, r.id)
                    : Classification.of(defaultClass, Classification.Basis.DEFAULT, DEFAULT_REASON);
        }

        private Flat first(FlowKey f) {
            int src = f.src().toInt();
            int dst = f.dst().toInt();
            int proto = f.ipProto();
            int sp = f.srcPort();
            int dp = f.dstPort();
            int vlan = f.vlan();
            int dscp = f.dscp();
            long srcIn = 0;
            long dstIn = 0;
            for (int g = 0; g < groups.length; g++) {
                if (groups[g].contains(f.srcMac(), f.src())) {
                    srcIn |= 1L << g;
                }
                if (groups[g].contains(f.dstMac(), f.dst())) {
                    dstIn |= 1L << g;
                }
            }
            for (Flat r : rules) {
                if ((src & r.srcMask) == r.srcAddr && (dst & r.dstMask) == r.dstAddr
                        && (r.proto < 0 || r.proto == proto)
                        && sp >= r.spFrom && sp <= r.spTo && dp >= r.dpFrom && dp <= r.dpTo
                        && (r.vlan < 0 || r.vlan == vlan) && (r.dscp < 0 || r.dscp == dscp)
                        && (r.srcGroup == 0 || (r.srcGroup & srcIn) != 0)
                        && (r.dstGroup == 0 || (r.dstGroup & dstIn) != 0)) {
                    return r;
                }
            }
            return null;
        }

        private static final class Flat {
            final String id;
            final TrafficClass trafficClass;
            final int srcAddr;
            final int srcMask;
            final int dstAddr;
            final int dstMask;
            final int proto;
            final int spFrom;
            final int spTo;
            final int dpFrom;
            final int dpTo;
            final int vlan;
            final int dscp;
            final long srcGroup;
            final long dstGroup;

            Flat(ClassificationRule rule, List<String> groupNames) {
                RuleMatch m = rule.match();
                id = rule.id();
                trafficClass = rule.trafficClass();
                srcMask = m.srcCidr() == null ? 0 : Ip4Prefix.mask(m.srcCidr().length());
                srcAddr = m.srcCidr() == null ? 0 : m.srcCidr().address().toInt();
                dstMask = m.dstCidr() == null ? 0 : Ip4Prefix.mask(m.dstCidr().length());
                dstAddr = m.dstCidr() == null ? 0 : m.dstCidr().address().toInt();
                proto = m.ipProto() == null ? -1 : m.ipProto();
                PortRange s = m.srcPorts() == null ? PortRange.of(0, 65535) : m.srcPorts();
                PortRange d = m.dstPorts() == null ? PortRange.of(0, 65535) : m.dstPorts();
                spFrom = s.from();
                spTo = s.to();
                dpFrom = d.from();
                dpTo = d.to();
                vlan = m.vlan() == null ? -1 : m.vlan();
                dscp = m.dscp() == null ? -1 : m.dscp();
                srcGroup = m.srcGroup() == null ? 0 : 1L << groupNames.indexOf(m.srcGroup());
                dstGroup = m.dstGroup() == null ? 0 : 1L << groupNames.indexOf(m.dstGroup());
            }
        }
    }
}
