package io.sluice.core.route.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.policy.Policy;
import io.sluice.core.stats.LinkLoad;
import io.sluice.core.route.PathPlanner;
import io.sluice.core.route.PathResult;
import io.sluice.core.route.RouteService;
import io.sluice.core.route.RouteTree;
import io.sluice.core.route.RoutingRun;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.HostId;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyEvent;
import io.sluice.core.topology.TopologyListener;
import io.sluice.core.topology.TopologyService;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Proactive host routing: whenever the topology changes, plans routes toward every switch with
 * hosts, compiles them to rules, and writes only what differs from what each switch has, nearest
 * the destination first, round by round, each round confirmed by barriers before the next starts.
 * A destination whose rules a switch did not confirm is held back for the rest of the run, so no
 * farther switch is pointed at it; the run is retried. Changes that arrive while a run is under
 * way are taken in by the next run, so a burst of events costs one or two runs, not one each.
 */
public final class RouteManager implements RouteService {
    private static final Logger log = LoggerFactory.getLogger(RouteManager.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Duration RETRY_MAX = Duration.ofSeconds(30);
    private static final int RUNS_KEPT = 64;

    private final TopologyService topology;
    private final FlowRuleService flows;
    private final PathPlanner planner;
    private final Duration writeTimeout;
    private final TopologyListener listener = this::topologyChanged;
    private final ScheduledExecutorService worker;
    /** The change that made the pending run necessary, with when it was seen; null when none is pending. */
    private final AtomicReference<Trigger> pending = new AtomicReference<>();
    private final Map<HostId, CompletableFuture<Void>> waiting = new ConcurrentHashMap<>();
    /** Routes as installed: written by the worker only, read by anyone. */
    private volatile Routes routes = new Routes(Map.of(), Map.of());
    private volatile RoutingRun lastRun;
    /** The policy routes follow, or null for plain host routes. */
    private volatile Policy policy;
    private volatile LinkLoad load = LinkLoad.NONE;
    /** Incomplete runs in a row, for the retry back-off. Worker thread only. */
    private int incompleteRuns;
    /** The most recent runs, oldest first. Guarded by itself. */
    private final Deque<RoutingRun> recentRuns = new ArrayDeque<>();

    /** @param writeTimeout how long one round waits for barrier replies before it counts as failed */
    public RouteManager(TopologyService topology, FlowRuleService flows, PathPlanner planner, Duration writeTimeout) {
        this.topology = topology;
        this.flows = flows;
        this.planner = planner;
        this.writeTimeout = writeTimeout;
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sluice-routing");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        this.worker = ex;
    }

    public void activate() {
        topology.addListener(listener);
        request(new Trigger("start", System.nanoTime()));
    }

    public void deactivate() {
        topology.removeListener(listener);
        worker.shutdownNow();
        waiting.values().forEach(f -> f.cancel(false));
    }

    /**
     * Routes from now on follow {@code next}: edge ports classify by it, and each class gets its
     * queue and its kind of path. Only the rules that differ are rewritten.
     */
    public void policyChanged(Policy next, String why) {
        policy = next;
        request(new Trigger(why, System.nanoTime()));
    }

    /** Where class-aware routes get link load from; read on every run. */
    public void useLoad(LinkLoad measured) {
        load = measured;
    }

    /** Link load crossed a step that class-aware routes weigh: a run rewrites what it moves. */
    public void loadChanged() {
        request(new Trigger("link load changed", System.nanoTime()));
    }

    /** The most recent run, if any. */
    @Override
    public Optional<RoutingRun> lastRun() {
        return Optional.ofNullable(lastRun);
    }

    /** The last {@value #RUNS_KEPT} runs, oldest first. */
    @Override
    public List<RoutingRun> recentRuns() {
        synchronized (recentRuns) {
            return List.copyOf(recentRuns);
        }
    }

    @Override
    public PathResult path(HostId src, HostId dst) {
        Routes r = routes;
        Topology t = topology.currentTopology();
        Host from = host(t, src);
        Host to = host(t, dst);
        RouteTree tree = r.trees.get(to.location().deviceId());
        if (tree == null || !to.location().equals(r.routedAt.get(dst))) {
            return PathResult.noPath("routes to " + dst + " at " + to.location() + " are not installed yet");
        }
        return tree.path(from.location(), to.location());
    }

    @Override
    public CompletableFuture<Void> whenRouted(HostId host) {
        CompletableFuture<Void> f = waiting.computeIfAbsent(host, h -> new CompletableFuture<>());
        Optional<Host> now = find(topology.currentTopology(), host);
        if (now.isPresent() && now.get().location().equals(routes.routedAt.get(host))) {
            waiting.remove(host, f);
            f.complete(null);
        }
        // A copy: a caller that bounds its wait (orTimeout) must not fail everyone else's.
        return f.copy();
    }

    private static Host host(Topology t, HostId id) {
        return find(t, id).orElseThrow(() -> new IllegalArgumentException("unknown host " + id));
    }

    private static Optional<Host> find(Topology t, HostId id) {
        return t.hostsByMac(id.mac()).stream().filter(h -> h.id().equals(id)).findFirst();
    }

    private void topologyChanged(TopologyEvent event) {
        request(new Trigger(event.type() + " " + event.subject(), System.nanoTime()));
    }

    private void request(Trigger trigger) {
        // Only the first change since the last run schedules one; later ones ride along, named in its trigger.
        if (pending.getAndUpdate(p -> p == null ? trigger : p.and(trigger)) == null) {
            try {
                worker.execute(this::run);
            } catch (RejectedExecutionException stopped) {
                pending.set(null);
            }
        }
    }

    private void run() {
        Trigger trigger = pending.getAndSet(null);
        if (trigger == null) {
            return;
        }
        try {
            runFor(trigger);
        } catch (RuntimeException e) {
            // The worker must survive anything a run throws, and the change must not be forgotten.
            log.error("routes: run after {} failed; retrying", trigger.what, e);
            retryLater();
        }
    }

    private void runFor(Trigger trigger) {
        Topology t = topology.currentTopology();
        Routes before = routes;
        Map<DeviceId, RouteTree> trees = new HashMap<>();
        for (Host h : t.hosts()) {
            DeviceId d = h.location().deviceId();
            trees.computeIfAbsent(d, k -> planner.plan(t, k, before.trees.getOrDefault(k, RouteTree.empty(k))));
        }
        // Routing's rules are the permanent ones; per-flow rules (idle timeout) are the flow tracker's.
        Map<DeviceId, List<FlowRule>> installedNow = new HashMap<>();
        Map<FlowRule.Key, FlowRule> bySlot = new HashMap<>();
        for (Device d : t.devices()) {
            List<FlowRule> installed = flows.installedRules(d.id()).stream().map(InstalledRule::rule)
                    .filter(r -> r.idleTimeoutSeconds() == 0).collect(Collectors.toList());
            installedNow.put(d.id(), installed);
            installed.forEach(r -> bySlot.put(r.key(), r));
        }
        DesiredRules desired = RouteCompiler.compile(t, trees, policy, load,
                key -> Optional.ofNullable(bySlot.get(key)).map(FlowRule::treatment));
        Map<DeviceId, FlowRuleDiff> diffs = new HashMap<>();
        for (Device d : t.devices()) {
            FlowRuleDiff diff = FlowRuleDiff.between(installedNow.get(d.id()), desired.rules(d.id()));
            if (!diff.isEmpty()) {
                diffs.put(d.id(), diff);
            }
        }
        long computed = System.nanoTime();

        // Destinations (by match) whose rules some switch did not confirm: their later rounds are held
        // back, because a farther switch must never be pointed at a nearer one that does not know the way.
        Set<TrafficSelector> held = new HashSet<>();
        for (int round = 0; round <= desired.lastRound(); round++) {
            int r = round;
            held.addAll(write(diffs, diff -> diff.withoutRemovals()
                    .filter(rule -> desired.round(rule) == r && !held.contains(RouteCompiler.destination(rule)))));
        }
        // Removals last: a rule nobody wants any more may still carry traffic until its replacement is in.
        held.addAll(write(diffs, diff -> diff.removalsOnly()
                .filter(rule -> !held.contains(RouteCompiler.destination(rule)))));
        long done = System.nanoTime();
        boolean complete = held.isEmpty();

        int writes = diffs.values().stream().mapToInt(FlowRuleDiff::writes).sum();
        int switches = (int) diffs.values().stream().filter(d -> d.writes() > 0).count();
        RoutingRun result = RoutingRun.of(t.version(), trigger.what, trigger.at, writes, switches,
                computed - trigger.nanos, done - trigger.nanos, complete);
        record(result);

        // Publish what is installed: a destination whose rules did not all land keeps its old routes.
        Map<DeviceId, RouteTree> installedTrees = new HashMap<>(before.trees);
        installedTrees.keySet().retainAll(trees.keySet());
        Map<HostId, ConnectPoint> routedAt = new HashMap<>();
        Set<DeviceId> partly = new HashSet<>();
        for (Host h : t.hosts()) {
            if (held.contains(RouteCompiler.toHost(h.id()))) {
                partly.add(h.location().deviceId());
                ConnectPoint old = before.routedAt.get(h.id());
                if (old != null) {
                    routedAt.put(h.id(), old);
                }
            } else {
                routedAt.put(h.id(), h.location());
            }
        }
        trees.forEach((d, tree) -> {
            if (!partly.contains(d)) {
                installedTrees.put(d, tree);
            }
        });
        routes = new Routes(installedTrees, routedAt);
        for (Host h : t.hosts()) {
            if (h.location().equals(routedAt.get(h.id()))) {
                CompletableFuture<Void> f = waiting.remove(h.id());
                if (f != null) {
                    f.complete(null);
                }
            }
        }
        if (complete) {
            incompleteRuns = 0;
        } else {
            retryLater();
        }
    }

    private void record(RoutingRun result) {
        lastRun = result;
        synchronized (recentRuns) {
            recentRuns.addLast(result);
            if (recentRuns.size() > RUNS_KEPT) {
                recentRuns.removeFirst();
            }
        }
        if (result.writes() > 0 || !result.complete()) {
            log.info("routes: {}", result);
        } else {
            log.debug("routes: {}", result);
        }
    }

    /** Another run after 1 s, doubling with each incomplete run in a row up to 30 s. */
    private void retryLater() {
        incompleteRuns++;
        long delay = Math.min(RETRY_MAX.toMillis(), RETRY_AFTER.toMillis() << Math.min(incompleteRuns - 1, 10));
        try {
            worker.schedule(() -> request(new Trigger("retry after incomplete run", System.nanoTime())), delay,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException stopped) {
            // Routing is being deactivated: a run cut short by its switches leaving needs no retry.
        }
    }

    /**
     * Writes one part of every switch's diff, to all switches in parallel, and waits for all (each
     * up to the write timeout). Returns the matches of the rules that were not confirmed.
     */
    private Set<TrafficSelector> write(Map<DeviceId, FlowRuleDiff> diffs, Function<FlowRuleDiff, FlowRuleDiff> part) {
        Map<DeviceId, FlowRuleDiff> parts = new HashMap<>();
        Map<DeviceId, CompletableFuture<Void>> sent = new HashMap<>();
        diffs.forEach((device, diff) -> {
            FlowRuleDiff p = part.apply(diff);
            if (!p.isEmpty()) {
                parts.put(device, p);
                sent.put(device, flows.apply(device, p));
            }
        });
        Set<TrafficSelector> failed = new HashSet<>();
        long deadline = System.nanoTime() + writeTimeout.toNanos();
        for (Map.Entry<DeviceId, CompletableFuture<Void>> e : sent.entrySet()) {
            String problem;
            try {
                e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                continue;
            } catch (ExecutionException ex) {
                problem = "did not take its rules: " + ex.getCause().getMessage();
            } catch (TimeoutException ex) {
                problem = "did not confirm its rules within " + writeTimeout;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                problem = "interrupted";
            }
            FlowRuleDiff p = parts.get(e.getKey());
            log.warn("routes: switch {} {}; {} rule change(s) held back until it does", e.getKey(), problem,
                    p.writes());
            for (List<FlowRule> rules : List.of(p.added(), p.modified(), p.removed())) {
                rules.forEach(rule -> failed.add(RouteCompiler.destination(rule)));
            }
        }
        return failed;
    }

    /** The routes last installed in full, and where each host was when they were. */
    private static final class Routes {
        final Map<DeviceId, RouteTree> trees;
        final Map<HostId, ConnectPoint> routedAt;

        Routes(Map<DeviceId, RouteTree> trees, Map<HostId, ConnectPoint> routedAt) {
            this.trees = Map.copyOf(trees);
            this.routedAt = Map.copyOf(routedAt);
        }
    }

    /** What made a run necessary, and when the first of its changes was seen. */
    private static final class Trigger {
        /** Changes named in a run's trigger; more are only counted. */
        private static final int NAMED = 3;
        final String what;
        final long nanos;
        final Instant at;
        private final List<String> named;
        private final int changes;

        Trigger(String what, long nanos) {
            this(List.of(what), 1, nanos, Instant.now());
        }

        private Trigger(List<String> named, int changes, long nanos, Instant at) {
            this.named = named;
            this.changes = changes;
            this.nanos = nanos;
            this.at = at;
            this.what = String.join(" + ", named) + (changes > named.size() ? " (+" + (changes - named.size()) + " more)" : "");
        }

        /** This and a later change, for one run. */
        Trigger and(Trigger later) {
            List<String> names = new ArrayList<>(named);
            for (String w : later.named) {
                if (names.size() < NAMED) {
                    names.add(w);
                }
            }
            return new Trigger(List.copyOf(names), changes + later.changes, nanos, at);
        }
    }
}
