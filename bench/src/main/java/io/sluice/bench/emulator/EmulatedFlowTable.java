package io.sluice.bench.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModCommand;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFFlowRemovedReason;
import org.projectfloodlight.openflow.protocol.OFFlowStatsRequest;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.Masked;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.OFValueType;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * One emulated switch's flow and group tables: what the controller wrote, with the OpenFlow 1.3
 * semantics a controller relies on, as Open vSwitch implements them: an ADD of an existing match and
 * priority replaces it (its counters carried over unless RESET_COUNTS, its cookie, timeouts and
 * flags the new ones); MODIFY changes instructions only (cookie, timeouts and flags stay: in
 * OpenFlow 1.2 and later the cookie only selects); MODIFY and DELETE are strict or cover every more
 * specific entry, in one table or all; cookie and out-port filters; idle and hard timeouts; a
 * capacity past which ADD fails with TABLE_FULL; groups with their errors (GROUP_EXISTS,
 * UNKNOWN_GROUP), deleting a group deleting the flows that use it. Table 0 is also looked up for
 * frames arriving at a port ({@link #lookup}), by tuple-space search as a software switch does, so
 * a frame goes to the controller only if the entry it hits says so.
 *
 * <p>The emulator has no data plane, so counters are partly synthetic: an entry counts the frames
 * that hit it in a lookup, and a per-flow rule (exact IPv4 source, destination, protocol and L4
 * source port) also carries {@code activeFlowPps} packets a second of {@link #ACTIVE_PACKET_BYTES}
 * bytes from its install on (0: a one-packet flow that idles out, as a new-flow benchmark's SYNs
 * do). Thread-safe (one lock).
 */
final class EmulatedFlowTable {
    static final int ACTIVE_PACKET_BYTES = 1000;

    /** A flow entry as the switch holds it. */
    static final class Entry {
        final TableId table;
        final int priority;
        final Match match;
        /** The ADD that made it: cookie, timeouts and flags. */
        final OFFlowMod added;
        /** Its instructions: the ADD's, or the last MODIFY's. */
        List<OFInstruction> instructions;
        final long installedNanos;
        long countedFromNanos;
        long basePackets;
        long lastHitNanos;
        final long pps;

        Entry(OFFlowMod added, long now, long pps) {
            this.table = added.getTableId();
            this.priority = added.getPriority();
            this.match = added.getMatch();
            this.added = added;
            this.instructions = added.getInstructions();
            this.installedNanos = now;
            this.countedFromNanos = now;
            this.pps = pps;
        }

        U64 cookie() {
            return added.getCookie();
        }

        long packets(long now) {
            return basePackets + pps * Math.max(0, now - countedFromNanos) / 1_000_000_000L;
        }

        long bytes(long now) {
            return packets(now) * ACTIVE_PACKET_BYTES;
        }

        /** When it last counted a packet: now while it carries traffic, else its last hit or its write. */
        long lastUsedNanos(long now) {
            return pps > 0 ? now : Math.max(countedFromNanos, lastHitNanos);
        }

        /** Whether its actions send a matching frame to the controller. */
        boolean toController() {
            for (OFAction a : actions(instructions)) {
                if (a instanceof OFActionOutput o && o.getPort().equals(OFPort.CONTROLLER)) {
                    return true;
                }
            }
            return false;
        }

        /** The table-miss entry: lowest priority, matching everything. */
        boolean isTableMiss() {
            return priority == 0 && !match.getMatchFields().iterator().hasNext();
        }
    }

    /** A flow entry gone by timeout or delete, for a FLOW_REMOVED when its flags ask for one. */
    record Removed(Entry entry, OFFlowRemovedReason reason) {
    }

    private record Key(TableId table, int priority, Match match) {
    }

    /** The fields an entry matches on, and the mask of each (null: exact). */
    private record Shape(List<MatchField<?>> fields, List<OFValueType<?>> masks) {
    }

    private final Map<Key, Entry> flows = new LinkedHashMap<>();
    /** Table 0's entries by shape, then by their masked values: a lookup is one probe per shape. */
    private final Map<Shape, Map<List<Object>, List<Entry>>> table0 = new HashMap<>();
    private final Map<Integer, OFGroupMod> groups = new HashMap<>();
    private final int capacity;
    private final long activeFlowPps;

    EmulatedFlowTable(int capacity, long activeFlowPps) {
        this.capacity = capacity;
        this.activeFlowPps = activeFlowPps;
    }

    private void put(Key k, Entry e) {
        Entry old = flows.put(k, e);
        if (old != null) {
            unindex(old);
        }
        if (e.table.equals(TableId.ZERO)) {
            Shape shape = shape(e.match);
            table0.computeIfAbsent(shape, x -> new HashMap<>()).computeIfAbsent(entryKey(shape, e.match),
                    x -> new ArrayList<>(1)).add(e);
        }
    }

    private void remove(Entry e) {
        if (flows.remove(new Key(e.table, e.priority, e.match), e)) {
            unindex(e);
        }
    }

    private void unindex(Entry e) {
        if (!e.table.equals(TableId.ZERO)) {
            return;
        }
        Shape shape = shape(e.match);
        Map<List<Object>, List<Entry>> byValue = table0.get(shape);
        if (byValue == null) {
            return;
        }
        List<Object> k = entryKey(shape, e.match);
        List<Entry> same = byValue.get(k);
        if (same != null) {
            same.remove(e);
            if (same.isEmpty()) {
                byValue.remove(k);
                if (byValue.isEmpty()) {
                    table0.remove(shape);
                }
            }
        }
    }

    /**
     * The highest-priority table-0 entry a frame with these fields hits (counted as a hit), or null
     * when none does: a table miss, which OpenFlow 1.3 drops unless a table-miss entry exists.
     */
    synchronized Entry lookup(Map<MatchField<?>, OFValueType<?>> frame, long now) {
        Entry best = peek(frame);
        if (best != null) {
            best.basePackets++;
            best.lastHitNanos = now;
        }
        return best;
    }

    /** As {@link #lookup}, without counting it: what a frame would hit. */
    synchronized Entry peek(Map<MatchField<?>, OFValueType<?>> frame) {
        Entry best = null;
        for (Map.Entry<Shape, Map<List<Object>, List<Entry>>> s : table0.entrySet()) {
            List<Object> k = frameKey(s.getKey(), frame);
            if (k == null) {
                continue;
            }
            List<Entry> hits = s.getValue().get(k);
            if (hits != null) {
                for (Entry e : hits) {
                    if (best == null || e.priority > best.priority) {
                        best = e;
                    }
                }
            }
        }
        return best;
    }

    private static Shape shape(Match m) {
        List<MatchField<?>> fields = new ArrayList<>();
        m.getMatchFields().forEach(fields::add);
        fields.sort(java.util.Comparator.comparing(f -> f.id));
        List<OFValueType<?>> masks = new ArrayList<>(fields.size());
        for (MatchField<?> f : fields) {
            masks.add(m.isExact(f) ? null : m.getMasked(f).getMask());
        }
        return new Shape(List.copyOf(fields), java.util.Collections.unmodifiableList(masks));
    }

    private static List<Object> entryKey(Shape shape, Match m) {
        List<Object> k = new ArrayList<>(shape.fields().size());
        for (int i = 0; i < shape.fields().size(); i++) {
            MatchField<?> f = shape.fields().get(i);
            k.add(shape.masks().get(i) == null ? m.get(f) : masked(m.getMasked(f).getValue(), shape.masks().get(i)));
        }
        return k;
    }

    /** The frame's values under the shape's masks, or null if it lacks a field the shape needs. */
    private static List<Object> frameKey(Shape shape, Map<MatchField<?>, OFValueType<?>> frame) {
        List<Object> k = new ArrayList<>(shape.fields().size());
        for (int i = 0; i < shape.fields().size(); i++) {
            OFValueType<?> v = frame.get(shape.fields().get(i));
            if (v == null) {
                return null;
            }
            OFValueType<?> mask = shape.masks().get(i);
            k.add(mask == null ? v : masked(v, mask));
        }
        return k;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Object masked(OFValueType value, OFValueType mask) {
        return value.applyMask(mask);
    }

    /** Applies a FLOW_MOD; returns why it failed (TABLE_FULL is the only failure), or empty. */
    synchronized Optional<String> apply(OFFlowMod fm, long now, List<Removed> removed) {
        OFFlowModCommand cmd = fm.getCommand();
        switch (cmd) {
            case ADD -> {
                Key k = new Key(fm.getTableId(), fm.getPriority(), fm.getMatch());
                Entry old = flows.get(k);
                if (old == null && flows.size() >= capacity) {
                    return Optional.of("TABLE_FULL");
                }
                Entry e = new Entry(fm, now, isPerFlowRule(fm.getMatch()) ? activeFlowPps : 0);
                if (old != null && !fm.getFlags().contains(OFFlowModFlags.RESET_COUNTS)) {
                    e.basePackets = old.packets(now); // replaced, not removed: its counts go on
                }
                put(k, e);
            }
            case MODIFY, MODIFY_STRICT -> {
                for (Entry e : selected(fm, cmd == OFFlowModCommand.MODIFY_STRICT)) {
                    if (fm.getFlags().contains(OFFlowModFlags.RESET_COUNTS)) {
                        e.basePackets = 0;
                        e.countedFromNanos = now;
                    }
                    e.instructions = fm.getInstructions();
                }
            }
            case DELETE, DELETE_STRICT -> {
                for (Entry e : selected(fm, cmd == OFFlowModCommand.DELETE_STRICT)) {
                    remove(e);
                    removed.add(new Removed(e, OFFlowRemovedReason.DELETE));
                }
            }
            default -> {
            }
        }
        return Optional.empty();
    }

    /** Entries a MODIFY or DELETE (strict or not) selects, by table, match, priority, cookie and out port/group. */
    private List<Entry> selected(OFFlowMod fm, boolean strict) {
        List<Entry> out = new ArrayList<>();
        if (strict && !fm.getTableId().equals(TableId.ALL)) {
            Entry e = flows.get(new Key(fm.getTableId(), fm.getPriority(), fm.getMatch()));
            if (e != null && cookieMatches(e, fm.getCookie(), fm.getCookieMask()) && outMatches(e, fm)) {
                out.add(e);
            }
            return out;
        }
        for (Entry e : flows.values()) {
            boolean selects = strict ? e.priority == fm.getPriority() && e.match.equals(fm.getMatch())
                    : covers(fm.getMatch(), e.match);
            if ((fm.getTableId().equals(TableId.ALL) || e.table.equals(fm.getTableId())) && selects
                    && cookieMatches(e, fm.getCookie(), fm.getCookieMask()) && outMatches(e, fm)) {
                out.add(e);
            }
        }
        return out;
    }

    private static boolean outMatches(Entry e, OFFlowMod fm) {
        boolean isDelete = fm.getCommand() == OFFlowModCommand.DELETE || fm.getCommand() == OFFlowModCommand.DELETE_STRICT;
        if (!isDelete) {
            return true; // out_port and out_group filter deletes only
        }
        OFPort port = fm.getOutPort();
        OFGroup group = fm.getOutGroup();
        return (port == null || port.equals(OFPort.ANY) || outputsTo(e.instructions, port))
                && (group == null || group.equals(OFGroup.ANY) || usesGroup(e.instructions, group.getGroupNumber()));
    }

    private static boolean cookieMatches(Entry e, U64 cookie, U64 mask) {
        if (mask == null || mask.equals(U64.ZERO)) {
            return true;
        }
        return e.cookie().and(mask).equals(cookie.and(mask));
    }

    /**
     * Flow stats for a request (its table, cookie, match and out port/group filters), each entry
     * turned into {@code view} under the table's lock so its counters are read consistently.
     */
    synchronized <T> List<T> select(OFFlowStatsRequest r, long now, java.util.function.BiFunction<Entry, Long, T> view) {
        List<T> out = new ArrayList<>();
        for (Entry e : flows.values()) {
            if ((r.getTableId().equals(TableId.ALL) || e.table.equals(r.getTableId()))
                    && cookieMatches(e, r.getCookie(), r.getCookieMask()) && covers(r.getMatch(), e.match)
                    && (r.getOutPort().equals(OFPort.ANY) || outputsTo(e.instructions, r.getOutPort()))
                    && (r.getOutGroup().equals(OFGroup.ANY) || usesGroup(e.instructions, r.getOutGroup().getGroupNumber()))) {
                out.add(view.apply(e, now));
            }
        }
        return out;
    }

    /** Removes the entries whose idle or hard timeout has passed. */
    synchronized List<Removed> expire(long now) {
        List<Removed> out = new ArrayList<>();
        Iterator<Entry> it = flows.values().iterator();
        while (it.hasNext()) {
            Entry e = it.next();
            OFFlowMod m = e.added;
            OFFlowRemovedReason why = null;
            if (m.getHardTimeout() > 0 && now - e.installedNanos >= m.getHardTimeout() * 1_000_000_000L) {
                why = OFFlowRemovedReason.HARD_TIMEOUT;
            } else if (m.getIdleTimeout() > 0 && now - e.lastUsedNanos(now) >= m.getIdleTimeout() * 1_000_000_000L) {
                why = OFFlowRemovedReason.IDLE_TIMEOUT;
            }
            if (why != null) {
                it.remove();
                unindex(e);
                out.add(new Removed(e, why));
            }
        }
        return out;
    }

    /**
     * Applies a GROUP_MOD; returns the failure, or empty. As on Open vSwitch: adding an existing group
     * is GROUP_EXISTS, modifying a missing one UNKNOWN_GROUP, and deleting a group deletes the flows
     * that use it.
     */
    synchronized Optional<OFGroupModFailedCode> apply(OFGroupMod gm, List<Removed> removed) {
        int id = gm.getGroup().getGroupNumber();
        switch (gm.getCommand()) {
            case ADD -> {
                if (groups.containsKey(id)) {
                    return Optional.of(OFGroupModFailedCode.GROUP_EXISTS);
                }
                groups.put(id, gm);
            }
            case MODIFY -> {
                if (!groups.containsKey(id)) {
                    return Optional.of(OFGroupModFailedCode.UNKNOWN_GROUP);
                }
                groups.put(id, gm);
            }
            case DELETE -> {
                List<Integer> gone = gm.getGroup().equals(OFGroup.ALL) ? new ArrayList<>(groups.keySet())
                        : groups.containsKey(id) ? List.of(id) : List.of();
                for (int g : gone) {
                    groups.remove(g);
                    Iterator<Entry> it = flows.values().iterator();
                    while (it.hasNext()) {
                        Entry e = it.next();
                        if (usesGroup(e.instructions, g)) {
                            it.remove();
                            unindex(e);
                            removed.add(new Removed(e, OFFlowRemovedReason.GROUP_DELETE));
                        }
                    }
                }
            }
            default -> {
            }
        }
        return Optional.empty();
    }

    synchronized List<OFGroupMod> groups() {
        return new ArrayList<>(groups.values());
    }

    synchronized int size() {
        return flows.size();
    }

    /** Each entry in turn, under the table's lock. */
    synchronized void forEach(java.util.function.Consumer<Entry> visit) {
        flows.values().forEach(visit);
    }

    /** A rule for one flow: exact IPv4 addresses, protocol and L4 source port (the shape per-flow rules take). */
    static boolean isPerFlowRule(Match m) {
        return m.isExact(MatchField.IPV4_SRC) && m.isExact(MatchField.IPV4_DST) && m.isExact(MatchField.IP_PROTO)
                && (m.isExact(MatchField.TCP_SRC) || m.isExact(MatchField.UDP_SRC));
    }

    /**
     * Whether {@code wide} covers {@code narrow}: every field {@code wide} matches on, {@code narrow}
     * matches on too, with the same value under {@code wide}'s mask (OpenFlow's non-strict selection).
     */
    static boolean covers(Match wide, Match narrow) {
        for (MatchField<?> f : wide.getMatchFields()) {
            if (!covers(wide, narrow, f)) {
                return false;
            }
        }
        return true;
    }

    private static <F extends OFValueType<F>> boolean covers(Match wide, Match narrow, MatchField<F> f) {
        if (wide.isExact(f)) {
            return narrow.isExact(f) && narrow.get(f).equals(wide.get(f));
        }
        Masked<F> w = wide.getMasked(f);
        if (w == null) {
            return true;
        }
        F mask = w.getMask();
        F value = w.getValue().applyMask(mask);
        if (narrow.isExact(f)) {
            return narrow.get(f).applyMask(mask).equals(value);
        }
        Masked<F> n = narrow.getMasked(f);
        // The narrow entry must fix at least the bits the wide one fixes, to the same values.
        return n != null && n.getMask().applyMask(mask).equals(mask) && n.getValue().applyMask(mask).equals(value);
    }

    private static boolean outputsTo(List<OFInstruction> instructions, OFPort port) {
        for (OFAction a : actions(instructions)) {
            if (a instanceof OFActionOutput o && o.getPort().equals(port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesGroup(List<OFInstruction> instructions, int group) {
        for (OFAction a : actions(instructions)) {
            if (a instanceof OFActionGroup g && g.getGroup().getGroupNumber() == group) {
                return true;
            }
        }
        return false;
    }

    private static List<OFAction> actions(List<OFInstruction> instructions) {
        List<OFAction> out = new ArrayList<>();
        for (OFInstruction i : instructions) {
            if (i instanceof OFInstructionApplyActions a) {
                out.addAll(a.getActions());
            } else if (i instanceof OFInstructionWriteActions w) {
                out.addAll(w.getActions());
            }
        }
        return out;
    }
}
