package io.sluice.bench.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.projectfloodlight.openflow.protocol.OFType;

/**
 * The emulator's measurements against a connected controller, each returning its figures as JSON
 * and one line for a person. A controller with a REST API (Sluice, given a {@link SluiceRest}) is
 * also asked what it knows; any other is measured from the wire alone.
 */
public final class EmulatorModes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One mode's outcome: its figures, one line saying them, and whether it ran to the end. */
    public record Result(ObjectNode json, String line, boolean complete) {
    }

    /** Told when a mode's measured window opens and closes (after warm-up), to read other meters over it. */
    public interface Window {
        Window NONE = new Window() {
        };

        default void opened() {
        }

        default void closed() {
        }
    }

    private EmulatorModes() {
    }

    /**
     * Time from the first switch connecting until every directed link has carried a discovery probe
     * (LLDP or BDDP sent by PACKET_OUT and relayed as PACKET_IN: the earliest any controller can know
     * the link) and, with REST, until the controller lists every link.
     */
    public static Result discovery(FabricEmulator f, EmulatorOptions o, SluiceRest rest) throws Exception {
        FabricShape shape = f.shape();
        long deadline = System.nanoTime() + o.timeoutSeconds() * 1_000_000_000L;
        // Listing the links costs the controller about 1 ms per 1,000: no oftener than that.
        long pollMillis = Math.max(10, shape.directedLinks() / 100);
        int listed = 0;
        long listedAt = 0;
        while (System.nanoTime() < deadline) {
            // No controller can list a link before its probe crossed it: asking earlier would only make
            // the listing (39,200 links: megabytes of JSON a time) the load being measured.
            if (rest != null && listedAt == 0 && f.everyLinkProbedNanos() != 0) {
                listed = rest.links();
                if (listed >= shape.directedLinks()) {
                    listedAt = System.nanoTime();
                }
            }
            if (f.everyLinkProbedNanos() != 0 && (rest == null || listedAt != 0)) {
                break;
            }
            Thread.sleep(pollMillis);
        }
        long first = f.firstConnectNanos();
        long probedAt = f.everyLinkProbedNanos();
        boolean complete = probedAt != 0 && (rest == null || listedAt != 0);
        ObjectNode r = base("discovery", f).put("directedLinks", shape.directedLinks())
                .put("linksProbed", f.linksProbed()).put("complete", complete)
                .put("packetIns", f.packetIns()).put("packetOuts", f.packetOuts()).put("flowMods", f.flowMods())
                .put("reconnects", f.reconnects());
        putSeconds(r, "probedSeconds", probedAt, first);
        if (rest != null) {
            r.put("linksListed", listed);
            putSeconds(r, "listedSeconds", listedAt, first);
        }
        String line = String.format("discovery %s: %d switches, %d links: every link probed %s%s after the first "
                + "connection (%d packet-ins, %d packet-outs, %d flow-mods, %d reconnects)%s",
                shape.name(), shape.switches().size(), shape.directedLinks(), seconds(probedAt, first),
                rest == null ? "" : ", listed over REST " + seconds(listedAt, first), f.packetIns(), f.packetOuts(),
                f.flowMods(), f.reconnects(), complete ? "" : " - INCOMPLETE after " + o.timeoutSeconds() + " s ("
                        + f.linksProbed() + " probed" + (rest == null ? "" : ", " + listed + " listed") + ")");
        return new Result(r, line, complete);
    }

    /** Waits until every emulated switch has finished its handshake (a FEATURES_REPLY sent). */
    public static boolean waitForHandshakes(FabricEmulator f, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (f.switchesHandshaken() < f.shape().switches().size() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return f.switchesHandshaken() == f.shape().switches().size();
    }

    /**
     * New-flow load: every emulated host ARPs (so that a controller that routes by host knows them all),
     * then each edge switch keeps {@code window} TCP SYNs of fresh flows outstanding; after a warm-up,
     * answers per second, answer times, and every message the controller sent per packet-in.
     */
    public static Result newFlows(FabricEmulator f, EmulatorOptions o, SluiceRest rest, Window window) throws Exception {
        List<FabricShape.SwitchPort> hosts = f.shape().hostPorts();
        if (hosts.size() < 2) {
            throw new IllegalArgumentException(o.mode + " needs two hosts or more (--hosts-per-leaf / --hosts-per-edge)");
        }
        announceHosts(f);
        int hostsKnown = -1;
        if (rest != null) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            while ((hostsKnown = rest.hosts()) < hosts.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } else {
            Thread.sleep(1000); // a learning switch learns from the ARPs as they arrive
        }
        // New flows go up where the entry they hit says so: Sluice's per-port rule on host ports (where
        // its policy needs the controller to classify), a learning switch's table-miss entry. Wait for
        // them (5 s at most); ports where a new flow would stay on the switch are reported.
        long rulesBy = System.nanoTime() + 5_000_000_000L;
        int portsUp;
        while ((portsUp = f.portsSendingIpv4Up()) < hosts.size() && System.nanoTime() < rulesBy) {
            Thread.sleep(20);
        }
        if (rest != null && hostsKnown < hosts.size()) {
            throw new IllegalStateException("the controller knows " + hostsKnown + " of " + hosts.size()
                    + " emulated hosts 30 s after they announced themselves");
        }
        NewFlowLoad load = f.startLoad(o.window(), o.sameSwitchDestinations(), o.rate());
        try {
            Thread.sleep(o.warmupSeconds() * 1000L);
            load.latencySinceLast();
            long answered0 = load.answered();
            long sent0 = load.sent();
            long abandoned0 = load.abandoned();
            long misses0 = f.tableMisses();
            long kept0 = f.keptOnSwitch();
            long packetIns0 = f.packetIns();
            long[] msgs0 = messages(f);
            long t0 = System.nanoTime();
            window.opened();
            Thread.sleep(o.seconds() * 1000L);
            window.closed();
            long answered = load.answered() - answered0;
            long sent = load.sent() - sent0;
            long abandoned = load.abandoned() - abandoned0;
            long[] msgs1 = messages(f);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Histogram h = load.latencySinceLast();
            double perSecond = answered / seconds;
            long misses = f.tableMisses() - misses0;
            long kept = f.keptOnSwitch() - kept0;
            ObjectNode r = base(o.mode, f).put("hosts", hosts.size()).put("hostPortsSendingUp", portsUp)
                    .put("tableMisses", misses).put("keptOnSwitch", kept)
                    .put("packetInsSent", f.packetIns() - packetIns0).put("edgeSwitches", load.switches())
                    .put("destinations", o.sameSwitchDestinations() ? "same-switch" : "other-switch")
                    .put("window", o.rate() > 0 ? 0 : o.window()).put("ratePerSecond", o.rate()).put("seconds", seconds).put("requests", sent).put("answers", answered)
                    .put("abandoned", abandoned).put("answersPerSecond", perSecond)
                    .put("p50Micros", h.getValueAtPercentile(50)).put("p99Micros", h.getValueAtPercentile(99))
                    .put("p999Micros", h.getValueAtPercentile(99.9)).put("maxMicros", h.getMaxValue());
            ObjectNode per = r.putObject("perPacketIn");
            per.put("flowMods", ratio(msgs1[0] - msgs0[0], sent)).put("packetOuts", ratio(msgs1[1] - msgs0[1], sent))
                    .put("barriers", ratio(msgs1[2] - msgs0[2], sent)).put("allMessages", ratio(msgs1[3] - msgs0[3], sent));
            String load0 = o.rate() > 0 ? String.format("%d new flows/s on a fixed schedule", o.rate())
                    : String.format("%d outstanding each", o.window());
            String line = String.format("%s %s: %d edge switches, %s: %.0f answers/s over %.1f s; answer "
                    + "time p50 %d us, p99 %d us, p99.9 %d us, max %d us; per packet-in %.2f FLOW_MOD + %.2f PACKET_OUT "
                    + "(+ %.2f BARRIER, %.2f messages in all); %d unanswered (in the percentiles at the time waited)%s",
                    o.mode, f.shape().name(), load.switches(),
                    load0, perSecond, seconds, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue(), per.get("flowMods").asDouble(),
                    per.get("packetOuts").asDouble(), per.get("barriers").asDouble(), per.get("allMessages").asDouble(),
                    abandoned, (portsUp < hosts.size() ? String.format("; only %d of %d host ports send new flows up",
                            portsUp, hosts.size()) : "") + (misses + kept > 0 ? String.format("; %d frames dropped by a "
                            + "table miss, %d kept on the switch by table 0", misses, kept) : ""));
            // A run in which more than 1 % of requests went unanswered measured a controller that drops
            // packet-ins: its figures stand, but it is not a complete run.
            return new Result(r, line, answered > 0 && abandoned <= sent / 100);
        } finally {
            load.stop();
        }
    }

    /**
     * FLOW_MODs a controller writes when asked. Sluice (with REST) is asked once the fabric and its
     * hosts are known and its tables are quiet: a policy of {@code --rules} port rules, each of which
     * becomes a table-0 entry on every edge port with a host; timed from the request and from the
     * first FLOW_MOD until the barrier reply after the last. A peer is asked by its own configuration
     * to push rules at connect ({@code --expect-flowmods}); timed from its first FLOW_MOD.
     */
    public static Result flowMods(FabricEmulator f, EmulatorOptions o, SluiceRest rest, Window window) throws Exception {
        long asked;
        long before;
        if (rest != null) {
            announceHosts(f);
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (rest.hosts() < f.shape().hostPorts().size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            waitQuiet(f, o.quietMillis(), o.timeoutSeconds());
            before = f.flowMods();
            f.restartFlowModClock();
            window.opened();
            asked = System.nanoTime();
            rest.applyPolicy(BenchPolicy.withRules(o.rules()), "bench: " + o.rules() + " rules");
            long deadline2 = System.nanoTime() + o.timeoutSeconds() * 1_000_000_000L;
            while (f.lastFlowModNanos() < asked && System.nanoTime() < deadline2) {
                Thread.sleep(5); // the writes may start after the request has been answered
            }
        } else {
            before = 0;
            asked = 0;
            long deadline = System.nanoTime() + o.timeoutSeconds() * 1_000_000_000L;
            while (f.flowMods() < Math.max(1, o.expectFlowMods()) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        }
        boolean quiet = waitQuiet(f, o.quietMillis(), o.timeoutSeconds());
        window.closed();
        long first = f.firstFlowModNanos();
        long last = f.lastFlowModNanos();
        // The barrier that follows the last FLOW_MOD confirms it; a controller that sends none ends at the FLOW_MOD.
        long end = Math.max(last, f.lastBarrierNanos());
        long count = f.flowMods() - before;
        long rulesHeld = f.flowEntriesWithTcpDst(BenchPolicy.FIRST_PORT, BenchPolicy.FIRST_PORT + o.rules());
        // Every rule on every place it belongs: each host port (Sluice's policy) or each switch (a peer's push).
        long wanted = (long) o.rules() * (rest != null ? f.shape().hostPorts().size() : f.shape().switches().size());
        boolean complete = quiet && count > 0 && (o.expectFlowMods() == 0 || count >= o.expectFlowMods())
                && rulesHeld >= wanted;
        double seconds = (end - first) / 1e9;
        ObjectNode r = base("flowmods", f).put("flowMods", count).put("complete", complete)
                .put("firstToLastSeconds", seconds).put("flowModsPerSecond", seconds > 0 ? count / seconds : 0)
                .put("entriesHeld", f.flowEntries()).put("ruleEntriesHeld", rulesHeld).put("ruleEntriesWanted", wanted)
                .put("barriersAnswered", f.received(OFType.BARRIER_REQUEST));
        if (rest != null) {
            r.put("rules", o.rules()).put("hostPorts", f.shape().hostPorts().size())
                    .put("askedToLastSeconds", (end - asked) / 1e9);
        }
        String line = String.format("flowmods %s: %d FLOW_MODs%s in %.3f s from the first to the last confirmed: %.0f "
                + "FLOW_MODs/s%s; %d of %d entries for the rules held (%d in all)%s", f.shape().name(), count,
                rest != null ? " for " + o.rules() + " policy rules on " + f.shape().hostPorts().size() + " host ports" : "",
                seconds, seconds > 0 ? count / seconds : 0,
                rest != null ? String.format(" (%.3f s from the request)", (end - asked) / 1e9) : "", rulesHeld, wanted,
                f.flowEntries(),
                complete ? "" : " - INCOMPLETE");
        return new Result(r, line, complete);
    }

    /**
     * The controller's heap with {@code --flows} flows alive: new flows are started until the switches
     * hold that many per-flow rules (each counting {@code --active-flow-pps}, so none idles out), then,
     * after a few statistics rounds, a full collection and the heap in use.
     */
    public static Result memory(FabricEmulator f, EmulatorOptions o, SluiceRest rest) throws Exception {
        if (rest == null) {
            throw new IllegalArgumentException("memory reads Sluice's heap over its admin port: it needs --rest");
        }
        announceHosts(f);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (rest.hosts() < f.shape().hostPorts().size() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long idleHeap = rest.heapUsedAfterGc();
        NewFlowLoad load = f.startLoad(o.window(), o.sameSwitchDestinations());
        long loadDeadline = System.nanoTime() + o.timeoutSeconds() * 1_000_000_000L;
        try {
            while (f.perFlowEntries() < o.flows() && System.nanoTime() < loadDeadline) {
                Thread.sleep(100);
            }
        } finally {
            load.stop();
        }
        Thread.sleep(5000); // statistics rounds read every flow's counters meanwhile
        long heap = rest.heapUsedAfterGc();
        long flows = f.perFlowEntries();
        boolean complete = flows >= o.flows();
        ObjectNode r = base("memory", f).put("flowsHeld", flows).put("flowsWanted", o.flows())
                .put("heapBytesIdle", idleHeap).put("heapBytes", heap).put("flowEntries", f.flowEntries())
                .put("complete", complete);
        String line = String.format("memory %s: %d switches, %d per-flow rules alive (%d entries in all): heap %.0f MiB "
                + "after a full GC (%.0f MiB with the fabric and no flows)%s", f.shape().name(),
                f.shape().switches().size(), flows, f.flowEntries(), heap / 1048576.0, idleHeap / 1048576.0,
                complete ? "" : " - INCOMPLETE: only " + flows + " of " + o.flows() + " flows");
        return new Result(r, line, complete);
    }

    /** Every emulated host sends an ARP request, so that the controller (or a learning switch) learns it. */
    static void announceHosts(FabricEmulator f) {
        List<FabricShape.SwitchPort> hosts = f.shape().hostPorts();
        for (int n = 0; n < hosts.size(); n++) {
            f.sendFromHost(hosts.get(n), HostFrames.arpRequest(HostFrames.mac(n), HostFrames.ip(n),
                    HostFrames.ip((n + 1) % hosts.size())));
        }
    }

    /** Waits until no FLOW_MOD has arrived for {@code quietMillis}; false if that did not happen in time. */
    private static boolean waitQuiet(FabricEmulator f, int quietMillis, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long quiet = quietMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            long last = f.lastFlowModNanos();
            if (System.nanoTime() - last >= quiet) {
                return true;
            }
            Thread.sleep(Math.min(100, quietMillis / 4 + 1));
        }
        return false;
    }

    /** {FLOW_MOD, PACKET_OUT of a load frame, BARRIER_REQUEST, every message} received so far. */
    private static long[] messages(FabricEmulator f) {
        long all = 0;
        for (OFType t : OFType.values()) {
            all += f.received(t);
        }
        return new long[] {f.received(OFType.FLOW_MOD), f.loadPacketOuts(), f.received(OFType.BARRIER_REQUEST), all};
    }

    private static double ratio(long n, long d) {
        return d == 0 ? 0 : Math.round(100.0 * n / d) / 100.0;
    }

    private static ObjectNode base(String mode, FabricEmulator f) {
        return JSON.createObjectNode().put("mode", mode).put("fabric", f.shape().name())
                .put("switches", f.shape().switches().size());
    }

    private static void putSeconds(ObjectNode r, String field, long at, long from) {
        if (at == 0 || from == 0) {
            r.putNull(field);
        } else {
            r.put(field, (at - from) / 1e9);
        }
    }

    private static String seconds(long at, long from) {
        return at == 0 || from == 0 ? "never" : String.format("in %.3f s", (at - from) / 1e9);
    }

    static String toJson(ObjectNode n) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
    }
}
