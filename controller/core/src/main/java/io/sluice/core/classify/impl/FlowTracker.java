package io.sluice.core.classify.impl;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.Classifier;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.classify.FlowTrackingService;
import io.sluice.core.classify.TrackedFlow;
import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.policy.Policy;
import io.sluice.core.stats.SwitchCounters;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classifies, at the controller, the flows no switch-held rule matched (the edge sends their first
 * packet up): each gets an exact rule at its ingress edge (5-tuple, idle timeout) that marks it with
 * its class's DSCP. Every counter reading of that switch then feeds the flow's bytes, age and rate
 * to the classifier's behaviour thresholds; a flow that turns into an elephant gets its rule
 * rewritten in place with the new class's DSCP (its queue and path follow from the DSCP), once,
 * and keeps that class for its life. A rule the switch timed out is forgotten with its flow.
 */
public final class FlowTracker implements FlowTrackingService {
    private static final Logger log = LoggerFactory.getLogger(FlowTracker.class);
    /** Table 0: above the edge's defaults (10, 11), below every policy entry (100 and up). */
    public static final int FLOW_PRIORITY = 50;

    private final FlowRuleService rules;
    private final Supplier<Policy> policy;
    private final Supplier<Classifier> classifier;
    private final Duration idleTimeout;
    private final Clock clock;
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<FlowKey, Entry> flows = new ConcurrentHashMap<>();

    public FlowTracker(FlowRuleService rules, Supplier<Policy> policy, Supplier<Classifier> classifier,
            Duration idleTimeout, Clock clock) {
        this.rules = rules;
        this.policy = policy;
        this.classifier = classifier;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    /** A flow's state; {@code flow} is replaced, never changed. Counters are read on the stats thread. */
    private static final class Entry {
        volatile TrackedFlow flow;
        final FlowRule rule;
        volatile FlowRule current;
        volatile long ruleId = -1;
        final CompletableFuture<Void> installed;
        /** Set by the one packet-in that writes the rule; later packet-ins of the flow wait on it. */
        final AtomicBoolean written = new AtomicBoolean();
        long lastBytes;
        long lastReadNanos;
        boolean elephant;

        Entry(TrackedFlow flow, FlowRule rule, CompletableFuture<Void> installed) {
            this.flow = flow;
            this.rule = rule;
            this.current = rule;
            this.installed = installed;
        }
    }

    /**
     * Classifies a new flow and installs its exact rule; completes once the switch confirmed it (at
     * once, if the flow is already known). A packet-in of a flow being installed joins that write.
     */
    public CompletableFuture<Void> admit(FlowKey key) {
        Entry e = flows.computeIfAbsent(key, k -> {
            Classification c = classifier.get().classify(k, FlowObservations.NONE);
            FlowRule rule = exactRule(k, c);
            TrackedFlow f = TrackedFlow.of(nextId.getAndIncrement(), k, c, clock.instant(), clock.instant(), 0, 0, false);
            CompletableFuture<Void> done = new CompletableFuture<>();
            return new Entry(f, rule, done);
        });
        if (e.written.compareAndSet(false, true)) {
            rules.apply(e.rule.device(), FlowRuleDiff.between(List.of(), List.of(e.rule))).whenComplete((ok, err) -> {
                if (err != null) {
                    flows.remove(key, e);
                    log.warn("flows: switch {} did not take the rule of flow {} ({}): {}", e.rule.device(), key,
                            e.flow.classification().trafficClass(), err.getMessage());
                    e.installed.completeExceptionally(err);
                    return;
                }
                e.ruleId = rules.installedRules(e.rule.device()).stream()
                        .filter(r -> r.rule().key().equals(e.rule.key())).mapToLong(InstalledRule::id).findFirst()
                        .orElse(-1);
                e.flow = e.flow.withInstalled(true);
                log.info("flows: switch {}: flow #{} {} is {} ({})", e.rule.device(), e.flow.id(), key,
                        e.flow.classification().trafficClass(), e.flow.classification().reason());
                e.installed.complete(null);
            });
        }
        return e.installed.copy();
    }

    /** A reading of {@code c.device()}: counters of its tracked flows; elephants are reclassified. */
    public void countersRead(SwitchCounters c) {
        Classifier now = classifier.get();
        for (Entry e : flows.values()) {
            if (!e.flow.edge().equals(c.device()) || e.ruleId < 0) {
                continue;
            }
            SwitchCounters.RuleCounters counted = c.rules().get(e.ruleId);
            if (counted == null) {
                // Gone from the switch: its idle timeout ran out (or the switch restarted).
                flows.remove(e.flow.key(), e);
                rules.expired(c.device(), e.ruleId);
                log.info("flows: switch {}: flow #{} {} idle for {} s, rule gone", c.device(), e.flow.id(),
                        e.flow.key(), idleTimeout.toSeconds());
                continue;
            }
            long rate = 0;
            if (e.lastReadNanos > 0 && c.readAtNanos() > e.lastReadNanos) {
                rate = (long) ((counted.bytes() - e.lastBytes) * 8 / ((c.readAtNanos() - e.lastReadNanos) / 1e9));
            }
            e.lastBytes = counted.bytes();
            e.lastReadNanos = c.readAtNanos();
            e.flow = e.flow.withCounters(counted.bytes(), Math.max(0, rate));
            if (e.elephant) {
                continue; // once an elephant, always: a slow moment must not move it back and forth
            }
            Classification next = now.classify(e.flow.key(),
                    FlowObservations.of(counted.bytes(), Duration.ofNanos(counted.durationNanos()), Math.max(0, rate)));
            if (next.basis() == Classification.Basis.BEHAVIOUR
                    && next.trafficClass() != e.flow.classification().trafficClass()) {
                e.elephant = true;
                reclassify(e, next);
            }
        }
    }

    private void reclassify(Entry e, Classification next) {
        Classification before = e.flow.classification();
        FlowRule rewritten = exactRule(e.flow.key(), next);
        FlowRule old = e.current;
        e.current = rewritten;
        e.flow = e.flow.withClassification(next, clock.instant());
        rules.apply(rewritten.device(), FlowRuleDiff.between(List.of(old), List.of(rewritten))).whenComplete((ok, err) -> {
            if (err != null) {
                log.warn("flows: switch {} did not take the new class of flow #{} {}: {}", rewritten.device(),
                        e.flow.id(), e.flow.key(), err.getMessage());
            } else {
                log.info("flows: switch {}: flow #{} {} reclassified {} -> {} ({}), {} bytes at {} bit/s",
                        rewritten.device(), e.flow.id(), e.flow.key(), before.trafficClass(), next.trafficClass(),
                        next.reason(), e.flow.bytes(), e.flow.rateBps());
            }
        });
    }

    /** The exact rule at the flow's ingress: its 5-tuple in, its class's DSCP set, on to routing. */
    private FlowRule exactRule(FlowKey k, Classification c) {
        TrafficSelector.Builder s = TrafficSelector.builder().inPort(k.ingress().port())
                .ipv4Src(Ip4Prefix.of(k.src(), 32)).ipv4Dst(Ip4Prefix.of(k.dst(), 32)).ipProto(k.ipProto());
        if (k.ipProto() == 6 || k.ipProto() == 17 || k.ipProto() == 132) {
            s.srcPort(k.srcPort(), 0xFFFF).dstPort(k.dstPort(), 0xFFFF);
        }
        if (k.vlan() != 0) {
            s.vlan(k.vlan());
        }
        int dscp = policy.get().classes().get(c.trafficClass()).dscp();
        return FlowRule.of(k.ingress().deviceId(), FlowTable.CLASSIFY, FLOW_PRIORITY, s.build(),
                TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(dscp),
                "flow " + k + ": " + c.trafficClass() + " (" + c.reason() + ")")
                .withIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()));
    }

    @Override
    public List<TrackedFlow> flows() {
        return flows.values().stream().map(e -> e.flow).sorted(Comparator.comparingLong(TrackedFlow::id))
                .collect(Collectors.toList());
    }

    @Override
    public Optional<TrackedFlow> flow(long id) {
        return flows.values().stream().map(e -> e.flow).filter(f -> f.id() == id).findFirst();
    }

    /** The edge rule of flow {@code id} as core holds it now, if it is installed. */
    public Optional<FlowRule> edgeRule(long id) {
        return flows.values().stream().filter(e -> e.flow.id() == id && e.ruleId >= 0).map(e -> e.current).findFirst();
    }

    /** Forgets flows that entered at {@code device}: it disconnected, and its rules went with it. */
    public void forget(DeviceId device) {
        flows.values().removeIf(e -> e.flow.edge().equals(device));
    }
}
