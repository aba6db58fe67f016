package io.sluice.core.stats.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.ForwardingGroup;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;
import io.sluice.core.stats.LinkRate;
import io.sluice.core.stats.LinkStatsService;
import io.sluice.core.stats.StatsProvider;
import io.sluice.core.stats.SwitchCounters;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.Link;
import io.sluice.core.topology.Topology;
import io.sluice.core.topology.TopologyService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls every switch's counters at a fixed interval and turns two readings into rates: per link
 * (its source port's transmit counter) and per class on it (the bytes of the route rules, and of
 * the group buckets, that send the class out of that port; a route rule's class is the one whose
 * DSCP it matches, the catch-all's the policy's default class). Listeners hear of every reading,
 * and of a shift in load that class-aware routing weighs.
 */
public final class LinkStatsManager implements LinkStatsService {
    private static final Logger log = LoggerFactory.getLogger(LinkStatsManager.class);
    /** Load is reported to routing in steps of this share of a link's capacity. */
    static final double LOAD_STEP = 0.1;

    private final TopologyService topology;
    private final FlowRuleService rules;
    private final StatsProvider provider;
    private final Supplier<Policy> policy;
    private final Duration interval;
    private final ScheduledExecutorService poller;
    private final Map<DeviceId, SwitchCounters> last = new ConcurrentHashMap<>();
    private final List<Runnable> loadShiftListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<SwitchCounters>> readingListeners = new CopyOnWriteArrayList<>();
    private volatile Map<ConnectPoint, LinkRate> rates = Map.of();
    /** Each switch's latest rates and when they were read. Poller thread only. */
    private final Map<DeviceId, Measured> byDevice = new HashMap<>();
    /** The newest reading's time, advanced by an interval for each round nobody answered. Poller thread only. */
    private long lastNewestNanos = Long.MIN_VALUE;
    /** Rates older than this many intervals are dropped. */
    static final int STALE_AFTER_POLLS = 3;

    private static final class Measured {
        final List<LinkRate> rates;
        final long readAtNanos;

        Measured(List<LinkRate> rates, long readAtNanos) {
            this.rates = rates;
            this.readAtNanos = readAtNanos;
        }
    }
    /** Per link: inference-hot, then load in steps; what routing decisions turn on. Poller thread only. */
    private Map<ConnectPoint, Integer> signature = Map.of();

    public LinkStatsManager(TopologyService topology, FlowRuleService rules, StatsProvider provider,
            Supplier<Policy> policy, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("stats interval must be positive, got " + interval);
        }
        this.topology = topology;
        this.rules = rules;
        this.provider = provider;
        this.policy = policy;
        this.interval = interval;
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "sluice-stats");
            t.setDaemon(true);
            return t;
        });
        this.poller = ex;
    }

    public void activate() {
        poller.scheduleWithFixedDelay(this::pollSafely, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    public void deactivate() {
        poller.shutdownNow();
    }

    @Override
    public Duration interval() {
        return interval;
    }

    /** Told, on the stats thread, when some link's load crosses a step routing cares about. */
    public void addLoadShiftListener(Runnable listener) {
        loadShiftListeners.add(listener);
    }

    /** Told, on the stats thread, of every switch reading; must return quickly. */
    public void addReadingListener(Consumer<SwitchCounters> listener) {
        readingListeners.add(listener);
    }

    @Override
    public List<LinkRate> links() {
        return new ArrayList<>(rates.values());
    }

    @Override
    public long bps(Link link, TrafficClass c) {
        LinkRate r = rates.get(link.src());
        return r == null ? 0 : r.bps(c);
    }

    @Override
    public long totalBps(Link link) {
        LinkRate r = rates.get(link.src());
        return r == null ? 0 : r.bps();
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            // The poller must survive anything one round throws.
            log.error("stats: poll failed", e);
        }
    }

    /** One round: read every switch (in parallel, each bounded by the interval), then recompute. */
    void poll() {
        Topology t = topology.currentTopology();
        Map<DeviceId, CompletableFuture<SwitchCounters>> reads = new HashMap<>();
        for (Device d : t.devices()) {
            reads.put(d.id(), provider.read(d.id()));
        }
        long deadline = System.nanoTime() + interval.toNanos();
        Map<DeviceId, SwitchCounters> now = new HashMap<>();
        reads.forEach((id, f) -> {
            try {
                now.put(id, f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                log.debug("stats: switch {} not read: {}", id, e.toString());
            }
        });
        last.keySet().retainAll(reads.keySet());
        byDevice.keySet().retainAll(reads.keySet());
        Policy p = policy.get();
        for (SwitchCounters c : now.values()) {
            SwitchCounters before = last.put(c.device(), c);
            readingListeners.forEach(l -> l.accept(c));
            if (before != null && c.readAtNanos() > before.readAtNanos()) {
                byDevice.put(c.device(), new Measured(rates(t, p, before, c), c.readAtNanos()));
            }
        }
        // A switch that missed this round keeps its last rates for a while: one slow reply must not
        // make its links look idle (and move routes there and back).
        // Age in the readings' own clock; a round nobody answered still counts one interval.
        long newest = now.values().stream().mapToLong(SwitchCounters::readAtNanos).max()
                .orElse(lastNewestNanos == Long.MIN_VALUE ? Long.MIN_VALUE : lastNewestNanos + interval.toNanos());
        lastNewestNanos = newest;
        long staleAfter = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - STALE_AFTER_POLLS * interval.toNanos();
        byDevice.values().removeIf(m -> m.readAtNanos < staleAfter);
        Map<ConnectPoint, LinkRate> next = new HashMap<>();
        byDevice.values().forEach(m -> m.rates.forEach(r -> next.put(r.link().src(), r)));
        rates = Map.copyOf(next);
        Map<ConnectPoint, Integer> sig = new HashMap<>();
        int hotPercent = p == null ? Policy.DEFAULT_INFERENCE_HOT_PERCENT : p.inferenceHotPercent();
        next.forEach((cp, r) -> sig.put(cp, step(r, hotPercent)));
        if (!sig.equals(signature)) {
            boolean first = signature.isEmpty() && sig.values().stream().allMatch(v -> v == 0);
            signature = sig;
            if (!first) {
                loadShiftListeners.forEach(Runnable::run);
            }
        }
    }

    /** A link's load as routing sees it: whether inference makes it hot, and its load in steps. */
    private static int step(LinkRate r, int hotPercent) {
        double cap = Math.max(1, r.link().capacityBps());
        boolean hot = r.bps(TrafficClass.INFERENCE) > hotPercent / 100.0 * cap;
        return (hot ? 1000 : 0) + (int) Math.min(999, r.bps() / (LOAD_STEP * cap));
    }

    private List<LinkRate> rates(Topology t, Policy p, SwitchCounters before, SwitchCounters now) {
        double seconds = (now.readAtNanos() - before.readAtNanos()) / 1e9;
        Map<Long, EnumMap<TrafficClass, Long>> classBytes = new HashMap<>();
        for (Map.Entry<Long, SwitchCounters.RuleCounters> e : now.rules().entrySet()) {
            SwitchCounters.RuleCounters old = before.rules().get(e.getKey());
            Optional<FlowRule> rule = rules.installedRule(now.device(), e.getKey()).map(InstalledRule::rule);
            if (old == null || rule.isEmpty() || rule.get().table() != FlowTable.ROUTE) {
                continue;
            }
            TrafficClass c = classOf(p, rule.get());
            ForwardingGroup g = rule.get().treatment().group();
            if (g == null && rule.get().treatment().outputPort() != null) {
                add(classBytes, rule.get().treatment().outputPort(), c, e.getValue().bytes() - old.bytes());
            } else if (g != null) {
                List<Long> a = before.groupBucketBytes().get(e.getKey());
                List<Long> b = now.groupBucketBytes().get(e.getKey());
                if (a != null && b != null && a.size() == b.size() && b.size() == g.ports().size()) {
                    for (int i = 0; i < b.size(); i++) {
                        add(classBytes, g.ports().get(i), c, b.get(i) - a.get(i));
                    }
                }
            }
        }
        List<LinkRate> out = new ArrayList<>();
        for (Map.Entry<Long, SwitchCounters.PortCounters> e : now.ports().entrySet()) {
            Optional<Link> link = t.linkFrom(ConnectPoint.of(now.device(), e.getKey()));
            SwitchCounters.PortCounters old = before.ports().get(e.getKey());
            if (link.isEmpty() || old == null) {
                continue;
            }
            Map<TrafficClass, Long> byClass = new EnumMap<>(TrafficClass.class);
            classBytes.getOrDefault(e.getKey(), new EnumMap<>(TrafficClass.class))
                    .forEach((c, bytes) -> byClass.put(c, perSecond(bytes * 8, seconds)));
            out.add(LinkRate.of(link.get(), perSecond((e.getValue().txBytes() - old.txBytes()) * 8, seconds), byClass,
                    perSecond(e.getValue().txDropped() - old.txDropped(), seconds), seconds));
        }
        return out;
    }

    private static void add(Map<Long, EnumMap<TrafficClass, Long>> m, long port, TrafficClass c, long bytes) {
        if (bytes > 0) { // a counter that went back is a rule that was replaced: no rate from it
            m.computeIfAbsent(port, k -> new EnumMap<>(TrafficClass.class)).merge(c, bytes, Long::sum);
        }
    }

    private static long perSecond(long amount, double seconds) {
        return amount <= 0 ? 0 : (long) (amount / seconds);
    }

    /** The class a route rule carries: by the DSCP it matches; the catch-all's is the default class. */
    static TrafficClass classOf(Policy p, FlowRule rule) {
        Integer dscp = rule.selector().dscp();
        if (p == null) {
            return TrafficClass.BEST_EFFORT;
        }
        if (dscp != null) {
            for (ClassProfile c : p.classes().values()) {
                if (dscp.equals(c.dscp())) {
                    return c.trafficClass();
                }
            }
        }
        return p.defaultClass();
    }
}
