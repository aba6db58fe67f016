package io.sluice.core.discovery.impl;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceService;
import io.sluice.core.device.Port;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.LinkProviderService;
import io.sluice.core.discovery.DiscoverySettings;
import io.sluice.core.discovery.LinkDiscoveryService;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketService;
import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.onlab.packet.DeserializationException;
import org.onlab.packet.Ethernet;
import org.onlab.packet.LLDP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds switch-to-switch links by LLDP, core's link provider, on any southbound that can send and
 * receive frames. Sends a signed probe out of
 * every up port of every switch (at once when a switch connects or a port comes up, then every
 * {@code fastProbeInterval} for a switch's first {@code fastPhase}, then every
 * {@code probeInterval}); a probe that comes back as a packet-in on another switch is a link.
 * A link whose probes stop arriving for {@code missedProbes} periods is reported gone; a port
 * going down takes its links at once (core does that, from the port event).
 *
 * <p>A probe counts only if it carries this controller's signature, was actually sent (its
 * nonce is one of ours, not yet expired), has not arrived at this port before, and did not come
 * back into the switch it left: so a host can neither forge a link nor replay a probe it heard. Everything else is counted by {@link Verdict} and logged (at most once a second each).
 */
public final class LinkDiscovery implements PacketProcessor, LinkDiscoveryService {
    private static final Logger log = LoggerFactory.getLogger(LinkDiscovery.class);
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;
    /** A port that just came up may not forward yet: probe it once more this much later. */
    private static final long FOLLOW_UP_NANOS = 250_000_000L;
    /** Expiry allows for a late timer as well as a late probe. */
    private static final long EXPIRY_SLACK_NANOS = 200_000_000L;

    /** What became of a received LLDP frame. */
    public enum Verdict {
        /** A genuine probe of ours: a link. */
        ACCEPTED,
        /** Carries our fields but not our signature. */
        FORGED,
        /** Signed by us, but not a probe we are waiting for: heard and sent again. */
        REPLAYED,
        /** Came back into the switch it was sent from: a host reflecting it, or a cable looped onto itself. */
        LOOPED,
        /** Another controller's probe (a second instance on the same switches). */
        OTHER_CONTROLLER,
        /** LLDP that is not Sluice's (from a host's own LLDP agent, say). */
        NOT_OURS,
        /** Not a well-formed LLDP frame. */
        MALFORMED
    }

    private final PacketService packets;
    private final DeviceService devices;
    private final LinkProviderService links;
    private final DiscoverySettings settings;
    private final LongSupplier nanoClock;
    private final ProbeCodec codec;
    private final AtomicLong nextNonce;
    private final DeviceListener deviceListener = this::onDeviceEvent;

    private final ConcurrentMap<Long, SentProbe> sent = new ConcurrentHashMap<>();
    private final ConcurrentMap<DeviceId, Schedule> schedules = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectPoint, Arrival> lastArrival = new ConcurrentHashMap<>();
    private final ConcurrentMap<ConnectPoint, Long> followUps = new ConcurrentHashMap<>();
    private final LongAdder probesSent = new LongAdder();
    private final Map<Verdict, LongAdder> verdicts = new EnumMap<>(Verdict.class);
    private final Map<Verdict, AtomicLong> lastLogged = new EnumMap<>(Verdict.class);

    public LinkDiscovery(PacketService packets, DeviceService devices, LinkProviderService links,
            DiscoverySettings settings, LongSupplier nanoClock) {
        this(packets, devices, links, settings, nanoClock, new SecureRandom());
    }

    public LinkDiscovery(PacketService packets, DeviceService devices, LinkProviderService links,
            DiscoverySettings settings, LongSupplier nanoClock, SecureRandom random) {
        this.packets = packets;
        this.devices = devices;
        this.links = links;
        this.settings = settings;
        this.nanoClock = nanoClock;
        byte[] key = new byte[32];
        random.nextBytes(key);
        this.codec = new ProbeCodec(random.nextLong(), key);
        this.nextNonce = new AtomicLong(random.nextLong());
        for (Verdict v : Verdict.values()) {
            verdicts.put(v, new LongAdder());
            lastLogged.put(v, new AtomicLong(Long.MIN_VALUE / 2));
        }
    }

    /** Starts probing every switch, those connected already and those to come. */
    public void start() {
        devices.addListener(deviceListener);
        devices.getDevices().forEach(this::switchUp);
    }

    public void stop() {
        devices.removeListener(deviceListener);
    }

    /** Probes switches that are due and expires links that stopped answering. Call often (~10/s). */
    public void tick() {
        long now = nanoClock.getAsLong();
        for (Map.Entry<DeviceId, Schedule> e : schedules.entrySet()) {
            Schedule s = e.getValue();
            if (now - s.nextProbeAt >= 0) {
                devices.getDevice(e.getKey()).ifPresent(this::probeSwitch);
                // On the beat, not from whenever the timer got round to it; a timer far behind starts afresh.
                s.nextProbeAt += interval(s, now);
                if (now - s.nextProbeAt >= 0) {
                    s.nextProbeAt = now + interval(s, now);
                }
            }
        }
        for (Map.Entry<ConnectPoint, Long> f : followUps.entrySet()) {
            if (now - f.getValue() >= 0 && followUps.remove(f.getKey(), f.getValue())) {
                ConnectPoint cp = f.getKey();
                devices.getDevice(cp.deviceId()).ifPresent(d -> d.port(cp.port()).filter(Port::isUp)
                        .ifPresent(p -> probePort(d, p)));
            }
        }
        // A probe crosses a cable in milliseconds; one a period old is not coming (and one that
        // arrives later is treated as replayed). Keeping no more bounds memory: ports x one period.
        long keepProbes = settings.probeInterval().toNanos() + settings.fastProbeInterval().toNanos();
        sent.values().removeIf(p -> now - p.sentAt > keepProbes);
        for (Map.Entry<ConnectPoint, Arrival> e : lastArrival.entrySet()) {
            ConnectPoint src = e.getKey();
            Arrival a = e.getValue();
            Schedule s = schedules.get(src.deviceId());
            long period = s == null ? settings.probeInterval().toNanos() : interval(s, now);
            long limit = settings.missedProbes() * period + period / 2 + EXPIRY_SLACK_NANOS;
            if (now - a.at > limit && lastArrival.remove(src, a)) {
                log.info("link {} -> {}: {} probes missed", src, a.dst, settings.missedProbes());
                links.linkVanished(src, a.dst);
            }
        }
    }

    @Override
    public Map<String, Long> stats() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("probesSent", probesSent.sum());
        verdicts.forEach((v, n) -> out.put(v.name(), n.sum()));
        return out;
    }

    // ---- sending ----

    private void onDeviceEvent(DeviceEvent e) {
        Device d = e.subject();
        switch (e.type()) {
            case DEVICE_ADDED:
                switchUp(d);
                break;
            case DEVICE_REMOVED:
                schedules.remove(d.id());
                lastArrival.entrySet().removeIf(a -> a.getKey().deviceId().equals(d.id())
                        || a.getValue().dst.deviceId().equals(d.id()));
                break;
            default:
                Port p = e.port().orElseThrow();
                ConnectPoint cp = ConnectPoint.of(d.id(), p.number());
                if (e.type() != DeviceEvent.Type.PORT_REMOVED && p.isUp()) {
                    probePort(d, p);
                    followUps.put(cp, nanoClock.getAsLong() + FOLLOW_UP_NANOS);
                } else {
                    lastArrival.entrySet().removeIf(a -> a.getKey().equals(cp) || a.getValue().dst.equals(cp));
                }
        }
    }

    private void switchUp(Device d) {
        long now = nanoClock.getAsLong();
        schedules.put(d.id(), new Schedule(now, now + settings.fastProbeInterval().toNanos()));
        probeSwitch(d);
    }

    private long interval(Schedule s, long now) {
        boolean fast = now - s.connectedAt < settings.fastPhase().toNanos();
        return (fast ? settings.fastProbeInterval() : settings.probeInterval()).toNanos();
    }

    private void probeSwitch(Device d) {
        for (Port p : d.ports()) {
            if (p.isUp() && p.isPhysical()) {
                probePort(d, p);
            }
        }
    }

    private void probePort(Device d, Port p) {
        if (!p.isPhysical()) {
            return;
        }
        ConnectPoint from = ConnectPoint.of(d.id(), p.number());
        long nonce = nextNonce.getAndIncrement();
        sent.put(nonce, new SentProbe(from, nanoClock.getAsLong()));
        if (packets.emit(OutboundPacket.toPort(from, codec.encode(from, p.hwAddress(), nonce)))) {
            probesSent.increment();
        } else {
            sent.remove(nonce); // the switch is not connected (any more): nothing went out
        }
    }

    // ---- receiving ----

    /** A discovery frame (LLDP or BDDP) that reached the controller: the packet service sends only those. */
    @Override
    public void process(InboundPacket packet) {
        ConnectPoint at = packet.receivedFrom();
        byte[] data = packet.frame();
        if (!Frames.isDiscovery(data)) {
            return;
        }
        LLDP lldp;
        try {
            Ethernet eth = Ethernet.deserializer().deserialize(data, 0, data.length);
            if (!(eth.getPayload() instanceof LLDP)) {
                count(Verdict.MALFORMED, at, "no LLDP payload");
                return;
            }
            lldp = (LLDP) eth.getPayload();
        } catch (DeserializationException | RuntimeException e) {
            count(Verdict.MALFORMED, at, String.valueOf(e.getMessage()));
            return;
        }
        receive(codec.decode(lldp), at);
    }

    private void receive(ProbeCodec.Decoded probe, ConnectPoint at) {
        switch (probe.kind) {
            case NOT_OURS:
                count(Verdict.NOT_OURS, at, "");
                return;
            case OTHER_CONTROLLER:
                count(Verdict.OTHER_CONTROLLER, at, probe.detail);
                return;
            case FORGED:
                count(Verdict.FORGED, at, probe.detail);
                return;
            default:
                break;
        }
        ConnectPoint from = probe.origin;
        SentProbe original = sent.get(probe.nonce);
        if (original == null) {
            count(Verdict.REPLAYED, at, "probe from " + from + " is not one we are waiting for");
        } else if (from.deviceId().equals(at.deviceId())) {
            count(Verdict.LOOPED, at, "probe from " + from + " came back into the switch it left");
        } else if (!original.arrivals.add(at)) {
            count(Verdict.REPLAYED, at, "probe from " + from + " arrived here before");
        } else {
            verdicts.get(Verdict.ACCEPTED).increment();
            accept(from, at);
        }
    }

    private void accept(ConnectPoint src, ConnectPoint dst) {
        Arrival mine = new Arrival(dst, nanoClock.getAsLong());
        Arrival previous = lastArrival.put(src, mine);
        if (!links.linkDetected(src, dst)) {
            // Core refused it (a port went down meanwhile): go on tracking what was there before.
            if (previous == null) {
                lastArrival.remove(src, mine);
            } else {
                lastArrival.replace(src, mine, previous);
            }
            return;
        }
        boolean newLink = previous == null || !previous.dst.equals(dst);
        Arrival reverse = lastArrival.get(dst);
        if (newLink && (reverse == null || !reverse.dst.equals(src))) {
            // The other direction is most likely there too: ask now rather than at the next round.
            devices.getDevice(dst.deviceId()).ifPresent(d -> d.port(dst.port()).ifPresent(p -> probePort(d, p)));
        }
    }

    private void count(Verdict verdict, ConnectPoint at, String detail) {
        verdicts.get(verdict).increment();
        if (verdict == Verdict.NOT_OURS || verdict == Verdict.OTHER_CONTROLLER) {
            log.debug("LLDP at {} ignored: {} {}", at, verdict, detail);
            return;
        }
        long now = nanoClock.getAsLong();
        AtomicLong last = lastLogged.get(verdict);
        long before = last.get();
        if (now - before >= LOG_EVERY_NANOS && last.compareAndSet(before, now)) {
            log.warn("LLDP at {} rejected, {}: {} ({} such frames so far)", at, verdict, detail,
                    verdicts.get(verdict).sum());
        }
    }

    /** A probe we sent: where from, when, and where it has arrived. */
    private static final class SentProbe {
        final ConnectPoint from;
        final long sentAt;
        final Set<ConnectPoint> arrivals = ConcurrentHashMap.newKeySet();

        SentProbe(ConnectPoint from, long sentAt) {
            this.from = from;
            this.sentAt = sentAt;
        }
    }

    /** When the probes of a switch are due. */
    private static final class Schedule {
        final long connectedAt;
        volatile long nextProbeAt;

        Schedule(long connectedAt, long nextProbeAt) {
            this.connectedAt = connectedAt;
            this.nextProbeAt = nextProbeAt;
        }
    }

    /** The latest probe from one port: where it arrived and when. */
    private static final class Arrival {
        final ConnectPoint dst;
        final long at;

        Arrival(ConnectPoint dst, long at) {
            this.dst = dst;
            this.at = at;
        }
    }
}
