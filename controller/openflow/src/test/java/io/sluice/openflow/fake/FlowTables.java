package io.sluice.openflow.fake;

import io.sluice.openflow.fake.MatchAlgebra.Constraint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionApplyActions;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionMeter;
import org.projectfloodlight.openflow.protocol.instruction.OFInstructionWriteActions;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The flow tables proper: entries kept in lookup order, and the add / modify / delete semantics
 * of OpenFlow 1.3.5 §6.4. Flow-mods arrive here already validated (instructions, match
 * prerequisites, table id) by {@link FakeSwitchTables}.
 */
final class FlowTables {
    /** Highest priority first; among equals the older entry first (they cannot overlap anyway). */
    private static final Comparator<Row> LOOKUP_ORDER =
            Comparator.comparingInt((Row r) -> -r.priority).thenComparingLong(r -> r.seq);

    private final List<List<Row>> tables = new ArrayList<>();
    private long nextSeq;

    FlowTables(int tableCount) {
        for (int i = 0; i < tableCount; i++) {
            tables.add(new ArrayList<>());
        }
    }

    /** One flow entry. Mutable only in its instructions (MODIFY) and counter (lookups). */
    static final class Row {
        final int tableId;
        final int priority;
        final Match match;
        final Map<MatchField<?>, Constraint> fields;
        final U64 cookie;
        final Set<OFFlowModFlags> flags;
        final int idleTimeout;
        final int hardTimeout;
        final long seq;
        List<OFInstruction> instructions;
        long packets;

        Row(OFFlowMod m, int tableId, long seq) {
            this.tableId = tableId;
            this.priority = m.getPriority();
            this.match = m.getMatch();
            this.fields = MatchAlgebra.constraints(m.getMatch());
            this.cookie = m.getCookie();
            this.flags = Set.copyOf(m.getFlags());
            this.idleTimeout = m.getIdleTimeout();
            this.hardTimeout = m.getHardTimeout();
            this.seq = seq;
            this.instructions = List.copyOf(m.getInstructions());
        }

        FakeSwitchTables.Entry snapshot() {
            return new FakeSwitchTables.Entry(tableId, priority, match, instructions, cookie, packets, flags,
                    idleTimeout, hardTimeout);
        }

        Stream<OFAction> actions() {
            return instructions.stream().flatMap(i -> i instanceof OFInstructionApplyActions a
                    ? a.getActions().stream()
                    : i instanceof OFInstructionWriteActions w ? w.getActions().stream() : Stream.empty());
        }

        /** The out_port filter of delete and stats requests: an output action to that port. */
        boolean outputsTo(OFPort port) {
            return actions().anyMatch(a -> a instanceof OFActionOutput o && o.getPort().equals(port));
        }

        boolean forwardsToGroup(OFGroup group) {
            return actions().anyMatch(a -> a instanceof OFActionGroup g && g.getGroup().equals(group));
        }

        boolean usesMeter(long meterId) {
            return instructions.stream().anyMatch(i -> i instanceof OFInstructionMeter m && m.getMeterId() == meterId);
        }

        boolean usesAnyMeter() {
            return instructions.stream().anyMatch(i -> i instanceof OFInstructionMeter);
        }

        @Override
        public String toString() {
            return snapshot().toString();
        }
    }

    /**
     * OFPFC_ADD. An entry with identical match and priority is replaced; its counters carry over
     * unless RESET_COUNTS is set (§6.4). Any other entry at the same priority that some packet
     * could also match, with other instructions, is refused with OVERLAP whether or not
     * CHECK_OVERLAP is set: the spec leaves which of two such entries wins undefined, so a
     * controller relying on it has a bug that a real switch would hide. Overlapping entries that
     * do the same thing are accepted, as a real switch accepts them: whichever wins, the packet
     * is treated alike.
     */
    void add(OFFlowMod m) throws FakeOpenFlowException {
        int tableId = m.getTableId().getValue();
        List<Row> table = tables.get(tableId);
        Row added = new Row(m, tableId, nextSeq++);
        Row replaced = null;
        for (Row r : table) {
            if (r.priority != added.priority) {
                continue;
            }
            if (r.fields.equals(added.fields)) {
                replaced = r;
            } else if (MatchAlgebra.overlap(r.fields, added.fields) && !r.instructions.equals(added.instructions)) {
                throw new FakeOpenFlowException(OFFlowModFailedCode.OVERLAP, m,
                        "table " + tableId + " priority " + added.priority + ": match " + MatchAlgebra.show(added.fields)
                                + " overlaps the existing entry " + MatchAlgebra.show(r.fields));
            }
        }
        if (replaced != null) {
            table.remove(replaced);
            if (!m.getFlags().contains(OFFlowModFlags.RESET_COUNTS)) {
                added.packets = replaced.packets;
            }
        }
        table.add(added);
        table.sort(LOOKUP_ORDER);
    }

    /**
     * OFPFC_MODIFY(_STRICT): selected entries get the new instructions; cookie, flags, timeouts and
     * counters stay (counters reset only with RESET_COUNTS). out_port/out_group do not filter a
     * modify. In OpenFlow 1.3 a modify that selects nothing is not an error and adds nothing.
     */
    int modify(OFFlowMod m, boolean strict) {
        List<Row> rows = select(m.getTableId(), m.getMatch(), strict, m.getPriority(), OFPort.ANY, OFGroup.ANY,
                m.getCookie(), m.getCookieMask());
        for (Row r : rows) {
            r.instructions = List.copyOf(m.getInstructions());
            if (m.getFlags().contains(OFFlowModFlags.RESET_COUNTS)) {
                r.packets = 0;
            }
        }
        return rows.size();
    }

    /** OFPFC_DELETE(_STRICT), filtered by out_port, out_group and cookie; TableId.ALL spans tables. */
    int delete(OFFlowMod m, boolean strict) {
        List<Row> rows = select(m.getTableId(), m.getMatch(), strict, m.getPriority(), m.getOutPort(),
                m.getOutGroup(), m.getCookie(), m.getCookieMask());
        rows.forEach(r -> tables.get(r.tableId).remove(r));
        return rows.size();
    }

    /**
     * The entries a modify, delete or flow-stats request addresses. Strict: same priority and an
     * identical match. Non-strict: entries as specific as the filter match or more (§6.4).
     */
    List<Row> select(TableId table, Match filter, boolean strict, int priority, OFPort outPort, OFGroup outGroup,
            U64 cookie, U64 cookieMask) {
        Map<MatchField<?>, Constraint> filterFields = MatchAlgebra.constraints(filter);
        List<Row> out = new ArrayList<>();
        for (Row r : all(table)) {
            boolean matchOk = strict
                    ? r.priority == priority && r.fields.equals(filterFields)
                    : MatchAlgebra.covers(filterFields, r.fields);
            boolean cookieOk = r.cookie.and(cookieMask).equals(cookie.and(cookieMask));
            boolean portOk = outPort.equals(OFPort.ANY) || r.outputsTo(outPort);
            boolean groupOk = outGroup.equals(OFGroup.ANY) || r.forwardsToGroup(outGroup);
            if (matchOk && cookieOk && portOk && groupOk) {
                out.add(r);
            }
        }
        return out;
    }

    private List<Row> all(TableId table) {
        if (table.equals(TableId.ALL)) {
            return tables.stream().flatMap(List::stream).toList();
        }
        return List.copyOf(tables.get(table.getValue()));
    }

    /** The highest-priority entry of the table that accepts the packet, or null (table miss). */
    Row lookup(int tableId, Packet packet) {
        for (Row r : tables.get(tableId)) {
            if (MatchAlgebra.accepts(r.fields, packet)) {
                return r;
            }
        }
        return null;
    }

    List<Row> rows(int tableId) {
        return List.copyOf(tables.get(tableId));
    }

    int size() {
        return tables.stream().mapToInt(List::size).sum();
    }

    /** Removes entries across all tables, e.g. those forwarding to a deleted group. */
    int removeIf(Predicate<Row> doomed) {
        int before = size();
        tables.forEach(t -> t.removeIf(doomed));
        return before - size();
    }
}
