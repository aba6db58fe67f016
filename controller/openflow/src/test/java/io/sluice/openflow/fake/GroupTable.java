package io.sluice.openflow.fake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.projectfloodlight.openflow.protocol.OFBucket;
import org.projectfloodlight.openflow.protocol.OFGroupMod;
import org.projectfloodlight.openflow.protocol.OFGroupModFailedCode;
import org.projectfloodlight.openflow.protocol.OFGroupType;
import org.projectfloodlight.openflow.protocol.action.OFAction;
import org.projectfloodlight.openflow.protocol.action.OFActionGroup;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;

/** The group table and the group-mod semantics of OpenFlow 1.3.5 §6.5. */
final class GroupTable {
    record Group(OFGroup id, OFGroupType type, List<OFBucket> buckets) {
        /** Groups this one chains to through GROUP actions in its buckets. */
        Set<OFGroup> chained() {
            Set<OFGroup> out = new HashSet<>();
            for (OFBucket b : buckets) {
                for (OFAction a : b.getActions()) {
                    if (a instanceof OFActionGroup g) {
                        out.add(g.getGroup());
                    }
                }
            }
            return out;
        }
    }

    private final Map<Integer, Group> groups = new TreeMap<>(Integer::compareUnsigned);

    boolean exists(OFGroup id) {
        return groups.containsKey(id.getGroupNumber());
    }

    Group get(OFGroup id) {
        return groups.get(id.getGroupNumber());
    }

    Map<Integer, Group> all() {
        return Map.copyOf(groups);
    }

    /**
     * Applies a group-mod and returns the groups it deleted, whose forwarding flow entries the
     * caller must remove (§6.5: deleting a group removes the flows that forward to it).
     */
    Set<OFGroup> apply(OFGroupMod m) throws FakeOpenFlowException {
        OFGroup id = m.getGroup();
        switch (m.getCommand()) {
            case ADD -> {
                if (Integer.compareUnsigned(id.getGroupNumber(), OFGroup.MAX.getGroupNumber()) > 0) {
                    throw new FakeOpenFlowException(OFGroupModFailedCode.INVALID_GROUP, m, "reserved group id " + id);
                }
                if (exists(id)) {
                    throw new FakeOpenFlowException(OFGroupModFailedCode.GROUP_EXISTS, m, "group " + id + " exists");
                }
                put(m);
                return Set.of();
            }
            case MODIFY -> {
                if (!exists(id)) {
                    throw new FakeOpenFlowException(OFGroupModFailedCode.UNKNOWN_GROUP, m, "no group " + id);
                }
                Group old = get(id);
                put(m);
                if (reaches(id, id)) {
                    groups.put(id.getGroupNumber(), old);
                    throw new FakeOpenFlowException(OFGroupModFailedCode.LOOP, m, "group " + id + " would chain to itself");
                }
                return Set.of();
            }
            case DELETE -> {
                return delete(m, id);
            }
            default -> throw new FakeOpenFlowException(OFGroupModFailedCode.BAD_COMMAND, m,
                    "command " + m.getCommand() + " is not OpenFlow 1.3");
        }
    }

    private Set<OFGroup> delete(OFGroupMod m, OFGroup id) throws FakeOpenFlowException {
        if (id.equals(OFGroup.ALL)) {
            Set<OFGroup> gone = new HashSet<>();
            groups.values().forEach(g -> gone.add(g.id()));
            groups.clear();
            return gone;
        }
        if (!exists(id)) {
            // §6.5: deleting a group that does not exist is not an error.
            return Set.of();
        }
        for (Group g : groups.values()) {
            if (!g.id().equals(id) && g.chained().contains(id)) {
                throw new FakeOpenFlowException(OFGroupModFailedCode.CHAINED_GROUP, m,
                        "group " + g.id() + " forwards to group " + id);
            }
        }
        groups.remove(id.getGroupNumber());
        return Set.of(id);
    }

    private void put(OFGroupMod m) throws FakeOpenFlowException {
        List<OFBucket> buckets = List.copyOf(m.getBuckets());
        OFGroupType type = m.getGroupType();
        if (type == OFGroupType.INDIRECT && buckets.size() != 1) {
            throw new FakeOpenFlowException(OFGroupModFailedCode.BAD_BUCKET, m,
                    "an indirect group has exactly one bucket, not " + buckets.size());
        }
        for (OFBucket b : buckets) {
            if (type == OFGroupType.FF && b.getWatchPort().equals(OFPort.ANY) && b.getWatchGroup().equals(OFGroup.ANY)) {
                // §5.6.1: a fast-failover bucket is live according to what it watches.
                throw new FakeOpenFlowException(OFGroupModFailedCode.BAD_WATCH, m,
                        "fast-failover bucket watches neither a port nor a group: " + b);
            }
            Checks.actions(b.getActions(), this::exists, m);
        }
        groups.put(m.getGroup().getGroupNumber(), new Group(m.getGroup(), type, buckets));
    }

    /** Whether following GROUP actions from {@code from} can arrive at {@code target}. */
    private boolean reaches(OFGroup from, OFGroup target) {
        Deque<OFGroup> todo = new ArrayDeque<>(get(from).chained());
        Set<OFGroup> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            OFGroup g = todo.pop();
            if (g.equals(target)) {
                return true;
            }
            if (seen.add(g) && exists(g)) {
                todo.addAll(get(g).chained());
            }
        }
        return false;
    }
}
