package io.sluice.openflow.fake;

import io.sluice.core.device.DeviceId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.projectfloodlight.openflow.protocol.OFBarrierRequest;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFFlowMod;
import org.projectfloodlight.openflow.protocol.OFFlowModFailedCode;
import org.projectfloodlight.openflow.protocol.OFFlowModFlags;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFMeterMod;
import org.projectfloodlight.openflow.protocol.OFMeterModFailedCode;
import org.projectfloodlight.openflow.protocol.instruction.OFInstruction;
import org.projectfloodlight.openflow.protocol.match.Match;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * The flow tables, group table and meters of one fake OpenFlow 1.3 switch, for unit tests: apply
 * the messages a controller would send, then look at the tables or push a packet through them.
 *
 * <p>Refusals follow OpenFlow 1.3.5 (§6.4 flow-mods, §6.5 group-mods, §6.6 meter-mods) with one
 * deliberate strictness: an ADD that overlaps another entry of the same priority is always refused,
 * CHECK_OVERLAP or not, because which of the two a real switch picks is undefined. What the fake
 * does not model (MPLS, TTLs, NORMAL, ...) fails with {@link UnsupportedOperationException} rather
 * than being ignored. Not thread-safe; tests drive it from one thread.
 */
public final class FakeSwitchTables {
    /** Tables 0..7, enough for Sluice's pipelines; a real switch advertises its own number. */
    public static final int TABLE_COUNT = 8;
    private static final long METER_MAX = 0xFFFF_0000L;
    private static final long METER_ALL = 0xFFFF_FFFFL;

    /** A flow entry as a flow-stats reply would show it. */
    public record Entry(int tableId, int priority, Match match, List<OFInstruction> instructions, U64 cookie,
            long packetCount, Set<OFFlowModFlags> flags, int idleTimeout, int hardTimeout) {
        @Override
        public String toString() {
            return "table=" + tableId + " priority=" + priority + " match=" + MatchAlgebra.show(match)
                    + " cookie=" + cookie + " packets=" + packetCount + " instructions=" + instructions;
        }
    }

    /** A copy of the packet leaving the switch: its port (or CONTROLLER), headers and queue. */
    public record Output(OFPort port, Match packet, OptionalLong queueId) {
        @Override
        public String toString() {
            return "out " + port + (queueId.isPresent() ? " queue " + queueId.getAsLong() : "") + " "
                    + MatchAlgebra.show(packet);
        }
    }

    /** The entry a packet matched in one table. */
    public record Hit(int tableId, Entry entry) {
        @Override
        public String toString() {
            return "table " + tableId + " hit priority " + entry.priority() + " " + MatchAlgebra.show(entry.match());
        }
    }

    /**
     * What one packet did in the pipeline: the copies it emitted, the entries it matched in table
     * order, the meters it passed and notes on anything dropped along the way.
     */
    public record Result(List<Output> outputs, List<Hit> hits, List<Long> meters, List<String> notes) {
        public List<OFPort> ports() {
            return outputs.stream().map(Output::port).toList();
        }

        public boolean dropped() {
            return outputs.isEmpty();
        }

        @Override
        public String toString() {
            return "hits " + hits + "; outputs " + outputs + (meters.isEmpty() ? "" : "; meters " + meters)
                    + (notes.isEmpty() ? "" : "; notes " + notes);
        }
    }

    private final DeviceId id;
    private final FlowTables flows = new FlowTables(TABLE_COUNT);
    private final GroupTable groups = new GroupTable();
    private final Set<Long> meters = new TreeSet<>();
    private Set<Long> ports = Set.of();

    public FakeSwitchTables(DeviceId id) {
        this(id, List.of());
    }

    /** {@code ports} are the switch's port numbers, which ALL and FLOOD outputs go to. */
    public FakeSwitchTables(DeviceId id, Collection<Long> ports) {
        this.id = id;
        setPorts(ports);
    }

    public DeviceId id() {
        return id;
    }

    /** Sorted, so that flooding emits copies in port order and tests can rely on it. */
    public void setPorts(Collection<Long> ports) {
        this.ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
    }

    public Set<Long> ports() {
        return ports;
    }

    /** Applies one controller-to-switch message, or throws the error a switch would answer with. */
    public void apply(OFMessage m) throws FakeOpenFlowException {
        if (m instanceof OFFlowMod f) {
            flowMod(f);
        } else if (m instanceof OFGroupMod g) {
            Set<OFGroup> deleted = groups.apply(g);
            flows.removeIf(r -> deleted.stream().anyMatch(r::forwardsToGroup));
        } else if (m instanceof OFMeterMod meter) {
            meterMod(meter);
        } else if (!(m instanceof OFBarrierRequest)) {
            throw new UnsupportedOperationException("the fake switch does not model " + m.getType() + ": " + m);
        }
    }

    private void flowMod(OFFlowMod m) throws FakeOpenFlowException {
        TableId table = m.getTableId();
        boolean isDelete = switch (m.getCommand()) {
            case DELETE, DELETE_STRICT -> true;
            default -> false;
        };
        // Only deletes may address every table at once (§7.3.4.1).
        if (!(isDelete && table.equals(TableId.ALL)) && table.getValue() >= TABLE_COUNT) {
            throw new FakeOpenFlowException(OFFlowModFailedCode.BAD_TABLE_ID, m,
                    "table " + table.getValue() + " (the fake has tables 0.." + (TABLE_COUNT - 1) + ")");
        }
        if (!isDelete) {
            Checks.match(m.getMatch(), m);
            Checks.instructions(m.getInstructions(), table.getValue(), TABLE_COUNT, meters::contains, groups::exists, m);
        }
        switch (m.getCommand()) {
            case ADD -> flows.add(m);
            case MODIFY -> flows.modify(m, false);
            case MODIFY_STRICT -> flows.modify(m, true);
            case DELETE -> flows.delete(m, false);
            case DELETE_STRICT -> flows.delete(m, true);
            default -> throw new FakeOpenFlowException(OFFlowModFailedCode.BAD_COMMAND, m, "command " + m.getCommand());
        }
    }

    /**
     * Meters are only remembered by id, bands are not modelled. ADD of an existing id and MODIFY of
     * a missing one fail as on a real switch (BasePipeline relies on that), and deleting a meter
     * removes the flow entries that use it.
     */
    private void meterMod(OFMeterMod m) throws FakeOpenFlowException {
        long meterId = m.getMeterId();
        switch (m.getCommand()) {
            case ADD -> {
                if (meterId == 0 || meterId > METER_MAX) {
                    throw new FakeOpenFlowException(OFMeterModFailedCode.INVALID_METER, m, "meter id " + meterId);
                }
                if (!meters.add(meterId)) {
                    throw new FakeOpenFlowException(OFMeterModFailedCode.METER_EXISTS, m, "meter " + meterId + " exists");
                }
            }
            case MODIFY -> {
                if (!meters.contains(meterId)) {
                    throw new FakeOpenFlowException(OFMeterModFailedCode.UNKNOWN_METER, m, "no meter " + meterId);
                }
            }
            case DELETE -> {
                if (meterId == METER_ALL) {
                    meters.clear();
                    flows.removeIf(FlowTables.Row::usesAnyMeter);
                } else if (meters.remove(meterId)) {
                    flows.removeIf(r -> r.usesMeter(meterId));
                }
            }
            default -> throw new FakeOpenFlowException(OFMeterModFailedCode.BAD_COMMAND, m, "command " + m.getCommand());
        }
    }

    /** The entries of one table in lookup order (highest priority first). */
    public List<Entry> entries(int tableId) {
        return flows.rows(tableId).stream().map(FlowTables.Row::snapshot).toList();
    }

    /** Every entry, table by table. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (int t = 0; t < TABLE_COUNT; t++) {
            out.addAll(entries(t));
        }
        return out;
    }

    public int flowCount() {
        return flows.size();
    }

    /** Ids of the groups present, in unsigned order. */
    public Set<Long> groupIds() {
        return groups.all().keySet().stream().map(Integer::toUnsignedLong).collect(Collectors.toCollection(TreeSet::new));
    }

    public OFGroupType groupType(long groupId) {
        GroupTable.Group g = groups.get(OFGroup.of((int) groupId));
        return g == null ? null : g.type();
    }

    public List<OFBucket> buckets(long groupId) {
        GroupTable.Group g = groups.get(OFGroup.of((int) groupId));
        return g == null ? List.of() : g.buckets();
    }

    public Set<Long> meterIds() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(meters));
    }

    /** Runs a packet through the pipeline with every port live. */
    public Result process(Match packet) {
        return process(packet, port -> true);
    }

    /**
     * Runs a packet (exact header values, including IN_PORT) through the pipeline from table 0.
     * {@code portLive} answers for fast-failover watch ports.
     */
    public Result process(Match packet, Function<Long, Boolean> portLive) {
        return new PipelineRun(flows, groups, ports, portLive).run(Packet.of(packet));
    }

    // package-private for the flow-stats reply of FakeOpenFlowSwitch
    List<Entry> select(TableId table, Match filter, OFPort outPort, OFGroup outGroup, U64 cookie, U64 cookieMask) {
        return flows.select(table, filter, false, 0, outPort, outGroup, cookie, cookieMask).stream()
                .map(FlowTables.Row::snapshot).toList();
    }

    @Override
    public String toString() {
        return "fake switch " + id + ": " + flowCount() + " flows, groups " + groupIds() + ", meters " + meters;
    }
}
