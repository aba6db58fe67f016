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
 * semantics a controller relies on (an ADD of an existing match and priority replaces it, MODIFY
 * and DELETE are strict or cover every more specific entry, cookie and out-port filters, idle and
 * hard timeouts, a capacity past which ADD fails with TABLE_FULL, group ADD/MODIFY/DELETE with
 * their errors, deleting a group deletes the flows that use it). Modifying a flow takes the new
 * cookie, as Open vSwitch does.
 *
 * <p>The emulator has no data plane, so counters are synthetic: a per-flow rule (exact IPv4 source,
 * destination, protocol and L4 source port) carries {@code activeFlowPps} packets a second of
 * {@link #ACTIVE_PACKET_BYTES} bytes from its install on (0: a one-packet flow that idles out, as a
 * new-flow benchmark's SYNs do); every other entry counts nothing. Thread-safe (one lock).
 */
final class EmulatedFlowTable {
    static final int ACTIVE_PACKET_BYTES = 1000;

    /** A flow entry as the switch holds it. */
    static final class Entry {
        final TableId table;
        final int priority;
        final Match match;
        OFFlowMod mod;
        final long installedNanos;
        long countedFromNanos;
        long basePackets;
        final long pps;

        Entry(OFFlowMod mod, long now, long pps) {
            this.table = mod.getTableId();
            this.priority = mod.getPriority();
            this.match = mod.getMatch();
            this.mod = mod;
            this.installedNanos = now;
            this.countedFromNanos = now;
            this.pps = pps;
        }

        U64 cookie() {
            return mod.getCookie();
        }

        long packets(long now) {
            return basePackets + pps * Math.max(0, now - countedFromNanos) / 1_000_000_000L;
        }

        long bytes(long now) {
            return packets(now) * ACTIVE_PACKET_BYTES;
        }

        /** When it last counted a packet: now while it carries traffic, else when it was written. */
        long lastUsedNanos(long now) {
            return pps > 0 ? now : countedFromNanos;
        }
    }

    /** A flow entry gone by timeout or delete, for a FLOW_REMOVED when its flags ask for one. */
    record Removed(Entry entry, OFFlowRemovedReason reason) {
    }

    private record Key(TableId table, int priority, Match match) {
    }

    private final Map<Key, Entry> flows = new LinkedHashMap<>();
    private final Map<Integer, OFGroupMod> groups = new HashMap<>();
    private final int capacity;
    private final long activeFlowPps;

    EmulatedFlowTable(int capacity, long activeFlowPps) {
        this.capacity = capacity;
        this.activeFlowPps = activeFlowPps;
    }

    /** Applies a FLOW_MOD; returns why it failed (TABLE_FULL is the only failure), or empty. */
    synchronized Optional<String> apply(OFFlowMod fm, long now, List<Removed> removed) {
        OFFlowModCommand cmd = fm.getCommand();
        switch (cmd) {
            case ADD -> {
                Key k = new Key(fm.getTableId(), fm.getPriority(), fm.getMatch());
                if (!flows.containsKey(k) && flows.size() >= capacity) {
                    return Optional.of("TABLE_FULL");
                }
                flows.put(k, new Entry(fm, now, isPerFlowRule(fm.getMatch()) ? activeFlowPps : 0));
            }
            case MODIFY, MODIFY_STRICT -> {
                for (Entry e : selected(fm, cmd == OFFlowModCommand.MODIFY_STRICT)) {
                    if (fm.getFlags().contains(OFFlowModFlags.RESET_COUNTS)) {
                        e.basePackets = 0;
                        e.countedFromNanos = now;
                    }
                    e.mod = fm;
                }
            }
            case DELETE, DELETE_STRICT -> {
                for (Entry e : selected(fm, cmd == OFFlowModCommand.DELETE_STRICT)) {
                    flows.remove(new Key(e.table, e.priority, e.match));
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
        if (strict) {
            Entry e = flows.get(new Key(fm.getTableId(), fm.getPriority(), fm.getMatch()));
            if (e != null && cookieMatches(e, fm.getCookie(), fm.getCookieMask()) && outMatches(e, fm)) {
                out.add(e);
            }
            return out;
        }
        for (Entry e : flows.values()) {
            if ((fm.getTableId().equals(TableId.ALL) || e.table.equals(fm.getTableId()))
                    && covers(fm.getMatch(), e.match) && cookieMatches(e, fm.getCookie(), fm.getCookieMask())
                    && outMatches(e, fm)) {
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
        return (port == null || port.equals(OFPort.ANY) || outputsTo(e.mod, port))
                && (group == null || group.equals(OFGroup.ANY) || usesGroup(e.mod, group.getGroupNumber()));
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
                    && (r.getOutPort().equals(OFPort.ANY) || outputsTo(e.mod, r.getOutPort()))
                    && (r.getOutGroup().equals(OFGroup.ANY) || usesGroup(e.mod, r.getOutGroup().getGroupNumber()))) {
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
            OFFlowMod m = e.mod;
            if (m.getHardTimeout() > 0 && now - e.installedNanos >= m.getHardTimeout() * 1_000_000_000L) {
                it.remove();
                out.add(new Removed(e, OFFlowRemovedReason.HARD_TIMEOUT));
            } else if (m.getIdleTimeout() > 0 && now - e.lastUsedNanos(now) >= m.getIdleTimeout() * 1_000_000_000L) {
                it.remove();
                out.add(new Removed(e, OFFlowRemovedReason.IDLE_TIMEOUT));
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
                        if (usesGroup(e.mod, g)) {
                            it.remove();
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

    /** Entries that {@code which} accepts. */
    synchronized int count(java.util.function.Predicate<Entry> which) {
        int n = 0;
        for (Entry e : flows.values()) {
            if (which.test(e)) {
                n++;
            }
        }
        return n;
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

    private static boolean outputsTo(OFFlowMod m, OFPort port) {
        for (OFAction a : actions(m)) {
            if (a instanceof OFActionOutput o && o.getPort().equals(port)) {
                return true;
            }
        }
        return false;
    }

    private static boolean usesGroup(OFFlowMod m, int group) {
        for (OFAction a : actions(m)) {
            if (a instanceof OFActionGroup g && g.getGroup().getGroupNumber() == group) {
                return true;
            }
        }
        return false;
    }

    private static List<OFAction> actions(OFFlowMod m) {
        List<OFAction> out = new ArrayList<>();
        for (OFInstruction i : m.getInstructions()) {
            if (i instanceof OFInstructionApplyActions a) {
                out.addAll(a.getActions());
            } else if (i instanceof OFInstructionWriteActions w) {
                out.addAll(w.getActions());
            }
        }
        return out;
    }
}
