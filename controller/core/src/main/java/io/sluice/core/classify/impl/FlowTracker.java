package io.sluice.core.classify.impl;

import io.sluice.core.classify.Classification;
import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.classify.FlowTrackingService;
import io.sluice.core.classify.PolicyInForce;
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
import io.sluice.core.pipeline.Pipeline;
import io.sluice.core.stats.SwitchCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
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
 * and keeps that class for its life. A policy change re-decides every tracked flow and rewrites the
 * rules whose mark changes. A rule the switch timed out is forgotten with its flow: when a reading
 * taken after the rule was confirmed no longer lists it, or when a packet of the flow comes up again
 * well after its rule was confirmed.
 */
public final class FlowTracker implements FlowTrackingService {
    private static final Logger log = LoggerFactory.getLogger(FlowTracker.class);
    /**
     * Flows tracked at most: past this, the oldest is let go (its rule stays on the switch until it
     * idles out, untracked) to make room, so new flows are never refused.
     */
    public static final int MAX_FLOWS = 100_000;
    /** A packet of a flow later than this after its rule was confirmed means the rule is gone. */
    static final long RULE_GONE_AFTER_NANOS = 500_000_000L;

    private final FlowRuleService rules;
    private final Supplier<PolicyInForce> policy;
    private final Duration idleTimeout;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong letGo = new AtomicLong();
    private final Map<FlowKey, Entry> flows = new ConcurrentHashMap<>();
    /** The same entries by edge switch: a reading concerns one switch's flows only. */
    private final Map<DeviceId, Set<Entry>> byEdge = new ConcurrentHashMap<>();
    /**
     * The same entries by flow id, oldest first: finding the oldest to let go, or a flow the API asks
     * for, must not scan every flow (at the cap, a scan per new flow took 30 % of the controller).
     */
    private final ConcurrentNavigableMap<Long, Entry> byId = new ConcurrentSkipListMap<>();

    public FlowTracker(FlowRuleService rules, Supplier<PolicyInForce> policy, Duration idleTimeout, Clock clock,
            LongSupplier nanoClock) {
        this.rules = rules;
        this.policy = policy;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.nanoClock = nanoClock;
    }

    /** One flow's state. The snapshot is replaced atomically; counters are the stats thread's alone. */
    private static final class Entry {
        final AtomicReference<TrackedFlow> flow;
        final CompletableFuture<Void> installed = new CompletableFuture<>();
        /** Set by the one packet-in that writes the rule; later packet-ins of the flow wait on it. */
        final AtomicBoolean written = new AtomicBoolean();
        /** The rule as last written; guarded by this entry, as is the order of writes. */
        FlowRule current;
        /** The policy the rule was decided with. */
        volatile PolicyInForce decidedWith;
        volatile long ruleId = -1;
        /** When the switch confirmed the rule ({@link System#nanoTime()}); 0 until then. */
        volatile long confirmedAtNanos;
        long lastBytes;
        long lastReadNanos;
        long lastDurationNanos;
        volatile boolean elephant;

        Entry(TrackedFlow flow, FlowRule rule) {
            this.flow = new AtomicReference<>(flow);
            this.current = rule;
        }
    }

    /**
     * Classifies a new flow and installs its exact rule; completes once the switch confirmed it (at
     * once, if it already has). A packet-in of a flow being installed joins that write. Fails when
     * the switch refuses the rule or {@value #MAX_FLOWS} flows are tracked already.
     */
    @Override
    public CompletableFuture<Void> admit(FlowKey packet) {
        // Tracked by what its rule matches: packets of one flow that differ in DSCP or MACs are one flow.
        FlowKey key = trackingKey(packet);
        Entry known = flows.get(key);
        if (known != null && known.confirmedAtNanos != 0 && nanoClock.getAsLong() - known.confirmedAtNanos
                > RULE_GONE_AFTER_NANOS) {
            // Its rule was confirmed a while ago, yet its packets come up again: the rule is gone.
            forget(known, "packet-in again: its rule is no longer on the switch");
        }
        if (!flows.containsKey(key) && flows.size() >= MAX_FLOWS) {
            letOldestGo();
        }
        Entry e = flows.computeIfAbsent(key, k -> {
            PolicyInForce now = policy.get();
            Classification c = now.classifier().classify(packet, FlowObservations.NONE);
            Instant at = clock.instant();
            Entry made = new Entry(TrackedFlow.of(nextId.getAndIncrement(), packet, c, at, at, 0, 0, false),
                    exactRule(now, packet, c));
            made.decidedWith = now;
            byEdge.computeIfAbsent(k.ingress().deviceId(), d -> ConcurrentHashMap.newKeySet()).add(made);
            byId.put(made.flow.get().id(), made);
            return made;
        });
        if (e.written.compareAndSet(false, true)) {
            FlowRule rule;
            synchronized (e) {
                rule = e.current;
            }
            rules.apply(rule.device(), FlowRuleDiff.between(List.of(), List.of(rule))).whenComplete((ok, err) -> {
                if (err != null) {
                    untrack(key, e);
                    log.warn("flows: switch {} did not take the rule of flow {} ({}): {}", rule.device(), key,
                            e.flow.get().classification().trafficClass(), err.getMessage());
                    e.installed.completeExceptionally(err);
                    return;
                }
                e.ruleId = rules.installedRule(rule.device(), rule.key()).map(InstalledRule::id).orElse(-1L);
                e.confirmedAtNanos = nanoClock.getAsLong();
                TrackedFlow f = e.flow.updateAndGet(x -> x.withInstalled(true));
                // DEBUG: a line per new flow would scale the log with the flow rate (thousands a second);
                // /api/v1/flows lists them. Reclassifications, which change a flow's treatment, are INFO.
                log.debug("flows: switch {}: flow #{} {} is {} ({})", rule.device(), f.id(), key,
                        f.classification().trafficClass(), f.classification().reason());
                e.installed.complete(null);
                PolicyInForce now = policy.get();
                if (now != e.decidedWith) {
                    // The policy changed while the rule was being written: decide again now.
                    redecide(e, now);
                }
            });
        }
        return e.installed;
    }

    /**
     * A reading of {@code c.device()} (stamped when it was asked for): counters of its tracked
     * flows; elephants are reclassified; a rule confirmed before the reading was asked for and
     * missing from it has timed out.
     */
    public void countersRead(SwitchCounters c) {
        PolicyInForce now = policy.get();
        for (Entry e : byEdge.getOrDefault(c.device(), Set.of())) {
            TrackedFlow f = e.flow.get();
            if (e.confirmedAtNanos == 0) {
                continue;
            }
            SwitchCounters.RuleCounters counted = c.rules().get(e.ruleId);
            if (counted == null) {
                if (e.confirmedAtNanos < c.readAtNanos()) {
                    forget(e, "idle for " + idleTimeout.toSeconds() + " s, rule gone");
                }
                continue;
            }
            long rate = 0;
            if (e.lastReadNanos != 0 && c.readAtNanos() > e.lastReadNanos && counted.bytes() >= e.lastBytes) {
                rate = (long) ((counted.bytes() - e.lastBytes) * 8 / ((c.readAtNanos() - e.lastReadNanos) / 1e9));
            }
            e.lastBytes = counted.bytes();
            e.lastReadNanos = c.readAtNanos();
            e.lastDurationNanos = counted.durationNanos();
            long r = rate;
            f = e.flow.updateAndGet(x -> x.withCounters(counted.bytes(), r));
            if (e.elephant) {
                continue; // once an elephant, always: a slow moment must not move it back and forth
            }
            Classification next = now.classifier().classify(f.key(),
                    FlowObservations.of(counted.bytes(), Duration.ofNanos(counted.durationNanos()), rate));
            if (next.basis() == Classification.Basis.BEHAVIOUR && next.trafficClass() != f.classification().trafficClass()) {
                e.elephant = true;
                rewrite(e, now, next, "reclassified");
            }
        }
    }

    /** The policy changed: every tracked flow is decided again; rules whose mark changes are rewritten. */
    public void policyChanged() {
        PolicyInForce now = policy.get();
        for (Entry e : flows.values()) {
            if (e.confirmedAtNanos == 0) {
                continue; // its write is in flight: when it is confirmed, it is decided again (admit)
            }
            redecide(e, now);
        }
    }

    /** Decides a tracked flow again under {@code now}; rewrites its rule if its mark changes. */
    private void redecide(Entry e, PolicyInForce now) {
        e.decidedWith = now;
        TrackedFlow f = e.flow.get();
        Classification next = now.classifier().classify(f.key(),
                FlowObservations.of(f.bytes(), Duration.ofNanos(e.lastDurationNanos), f.rateBps()));
        if (e.elephant && next.basis() != Classification.Basis.BEHAVIOUR && now.policy().behaviour().enabled()
                && next.basis() != Classification.Basis.RULE) {
            // Still an elephant: it stays one, as the new policy's elephants are.
            next = Classification.of(now.policy().behaviour().elephantClass(), Classification.Basis.BEHAVIOUR,
                    "behaviour: an elephant already");
        }
        e.elephant = next.basis() == Classification.Basis.BEHAVIOUR;
        rewrite(e, now, next, "policy changed");
    }

    /** The flow that came first makes room for a new one: it goes untracked, its rule idles out. */
    private void letOldestGo() {
        Optional.ofNullable(byId.firstEntry()).map(Map.Entry::getValue).ifPresent(oldest -> {
            if (untrack(trackingKey(oldest.flow.get().key()), oldest)) {
                if (oldest.ruleId >= 0) {
                    rules.expired(oldest.flow.get().edge(), oldest.ruleId); // on the switch until idle; not ours
                }
                if (letGo.getAndIncrement() % 10_000 == 0) {
                    log.warn("flows: {} flows tracked, the most there may be: the oldest go untracked to make room "
                            + "({} so far; their rules stay until idle)", MAX_FLOWS, letGo.get());
                }
            }
        });
    }

    /** Stops tracking {@code e} (under {@code key}), in both maps; whether it was tracked. */
    private boolean untrack(FlowKey key, Entry e) {
        if (!flows.remove(key, e)) {
            return false;
        }
        byId.remove(e.flow.get().id(), e);
        Set<Entry> edge = byEdge.get(e.flow.get().edge());
        if (edge != null) {
            edge.remove(e);
        }
        return true;
    }

    /** What an exact rule matches of a packet: ingress, addresses, protocol, ports, VLAN. */
    static FlowKey trackingKey(FlowKey k) {
        return FlowKey.builder().src(k.src()).dst(k.dst()).ipProto(k.ipProto()).srcPort(k.srcPort())
                .dstPort(k.dstPort()).vlan(k.vlan()).ingress(k.ingress()).build();
    }

    /** Rewrites the flow's rule in place for {@code next}, if its effect changes; keeps the record true. */
    private void rewrite(Entry e, PolicyInForce now, Classification next, String why) {
        TrafficFlowChange change;
        TrackedFlow f;
        CompletableFuture<Void> written;
        synchronized (e) {
            FlowRule old = e.current;
            FlowRule rewritten = exactRule(now, e.flow.get().key(), next);
            change = new TrafficFlowChange(old, rewritten, e.flow.get().classification());
            e.current = rewritten;
            f = e.flow.updateAndGet(x -> x.withClassification(next, clock.instant()));
            if (change.before.sameEffect(change.after)) {
                return;
            }
            // Sent under the entry's lock, so two rewrites of one flow reach the switch in the order decided.
            written = rules.apply(change.after.device(),
                    FlowRuleDiff.between(List.of(change.before), List.of(change.after)));
        }
        written.whenComplete((ok, err) -> {
                    if (err != null) {
                        // Unknown state on the switch: forget the flow, so its next packet installs it afresh.
                        forget(e, "the new class's rule was not confirmed: " + err.getMessage());
                    } else {
                        log.info("flows: switch {}: flow #{} {} {} {} -> {} ({}), {} bytes at {} bit/s",
                                change.after.device(), f.id(), f.key(), why, change.was.trafficClass(),
                                next.trafficClass(), next.reason(), f.bytes(), f.rateBps());
                    }
                });
    }

    /** A rule rewrite: the rule before and after, and the class the flow had. */
    private static final class TrafficFlowChange {
        final FlowRule before;
        final FlowRule after;
        final Classification was;

        TrafficFlowChange(FlowRule before, FlowRule after, Classification was) {
            this.before = before;
            this.after = after;
            this.was = was;
        }
    }

    private void forget(Entry e, String why) {
        TrackedFlow f = e.flow.get();
        if (untrack(trackingKey(f.key()), e)) {
            if (e.ruleId >= 0) {
                rules.expired(f.edge(), e.ruleId);
            }
            log.debug("flows: switch {}: flow #{} {} forgotten: {}", f.edge(), f.id(), f.key(), why);
        }
    }

    /** The exact rule at the flow's ingress: its 5-tuple in, its class's DSCP set, on to routing. */
    private FlowRule exactRule(PolicyInForce now, FlowKey k, Classification c) {
        TrafficSelector.Builder s = TrafficSelector.builder().inPort(k.ingress().port())
                .ipv4Src(Ip4Prefix.of(k.src(), 32)).ipv4Dst(Ip4Prefix.of(k.dst(), 32)).ipProto(k.ipProto());
        if (k.ipProto() == 6 || k.ipProto() == 17 || k.ipProto() == 132) {
            s.srcPort(k.srcPort(), 0xFFFF).dstPort(k.dstPort(), 0xFFFF);
        }
        if (k.vlan() != 0) {
            s.vlan(k.vlan());
        }
        int dscp = now.policy().classes().get(c.trafficClass()).dscp();
        return FlowRule.of(k.ingress().deviceId(), FlowTable.CLASSIFY, Pipeline.FLOW_PRIORITY, s.build(),
                TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(dscp),
                "flow " + k + ": " + c.trafficClass() + " (" + c.reason() + ")")
                .withIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()));
    }

    @Override
    public List<TrackedFlow> flows() {
        return byId.values().stream().map(e -> e.flow.get()).collect(Collectors.toList());
    }

    @Override
    public Optional<TrackedFlow> flow(long id) {
        return Optional.ofNullable(byId.get(id)).map(e -> e.flow.get());
    }

    /** Flows tracked now. */
    @Override
    public int size() {
        return flows.size();
    }

    /** The edge rule of flow {@code id} as core holds it now, if it is installed. */
    @Override
    public Optional<FlowRule> edgeRule(long id) {
        Entry e = byId.get(id);
        if (e == null || e.confirmedAtNanos == 0) {
            return Optional.empty();
        }
        synchronized (e) {
            return Optional.of(e.current);
        }
    }

    /** Forgets flows that entered at {@code device}: it disconnected, and its rules went with it. */
    public void forget(DeviceId device) {
        Set<Entry> gone = byEdge.remove(device);
        if (gone != null) {
            gone.forEach(e -> {
                if (flows.remove(trackingKey(e.flow.get().key()), e)) {
                    byId.remove(e.flow.get().id(), e);
                }
            });
        }
    }
}
