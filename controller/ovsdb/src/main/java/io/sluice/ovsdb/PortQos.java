package io.sluice.ovsdb;

import static io.sluice.ovsdb.OvsdbJson.emptySet;
import static io.sluice.ovsdb.OvsdbJson.integerMap;
import static io.sluice.ovsdb.OvsdbJson.namedUuid;
import static io.sluice.ovsdb.OvsdbJson.stringMap;
import static io.sluice.ovsdb.OvsdbJson.uuid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Configures {@code linux-htb} QoS and its queues on Open vSwitch ports through OVSDB.
 *
 * <p>Sluice marks every QoS and Queue row it makes with {@code external_ids:sluice-managed=true}
 * and only ever changes or deletes rows so marked; a port whose QoS someone else made is refused
 * with {@link ForeignQosException}. Each change is one OVSDB transaction that first checks (with
 * {@code wait}) that what it read is still there, and is retried from a fresh read a few times if a
 * concurrent writer got in between.
 */
public final class PortQos {

    /** The {@code external_ids} key marking rows Sluice made; its value is {@code "true"}. */
    public static final String MANAGED_KEY = "sluice-managed";
    /** The {@code external_ids} key recording which port a Sluice QoS row was made for. */
    public static final String PORT_KEY = "sluice-port";
    /** The QoS type Sluice configures. */
    public static final String HTB = "linux-htb";

    private static final int ATTEMPTS = 5;
    private static final String QOS_NAME = "sluice_qos";

    private final OvsdbClient client;
    private final Runnable betweenReadAndWrite;

    public PortQos(OvsdbClient client) {
        this(client, () -> { });
    }

    /** For tests: {@code betweenReadAndWrite} runs after each read and before the write it informs. */
    PortQos(OvsdbClient client, Runnable betweenReadAndWrite) {
        this.client = Objects.requireNonNull(client, "client");
        this.betweenReadAndWrite = Objects.requireNonNull(betweenReadAndWrite, "betweenReadAndWrite");
    }

    /**
     * Makes the port's QoS a {@code linux-htb} with ceiling {@code maxRateBps} holding exactly
     * {@code queues}, in one transaction. A QoS Sluice made earlier is updated in place (same row);
     * its queues are updated, created or deleted to match.
     *
     * @throws UnknownPortException if there is no such port
     * @throws ForeignQosException  if the port has a QoS that Sluice did not make; nothing is changed
     * @throws IllegalArgumentException if maxRateBps is not positive or two queues share an id
     * @throws OvsdbException       if OVSDB refuses the change or cannot be reached
     */
    public void apply(String portName, long maxRateBps, List<QueueSpec> queues) {
        requirePortName(portName);
        if (maxRateBps <= 0) {
            throw new IllegalArgumentException("maxRateBps must be positive, got " + maxRateBps);
        }
        SortedMap<Long, QueueSpec> wanted = new TreeMap<>();
        for (QueueSpec q : Objects.requireNonNull(queues, "queues")) {
            if (wanted.put(Objects.requireNonNull(q, "queue").queueId(), q) != null) {
                throw new IllegalArgumentException("queue id " + q.queueId() + " appears twice for port " + portName);
            }
        }
        retrying("apply QoS to port " + portName, () -> {
            Snapshot now = load(portName);
            List<ObjectNode> ops = applyOps(portName, now, maxRateBps, wanted);
            betweenReadAndWrite.run();
            client.transact(ops);
            return null;
        });
    }

    /**
     * Takes the port's QoS off it and deletes the QoS and Queue rows, which Sluice must have made.
     * Does nothing if the port has no QoS.
     *
     * @throws UnknownPortException if there is no such port
     * @throws ForeignQosException  if the port's QoS was not made by Sluice; nothing is changed
     * @throws OvsdbException       if OVSDB refuses the change or cannot be reached
     */
    public void remove(String portName) {
        requirePortName(portName);
        retrying("remove QoS from port " + portName, () -> {
            Snapshot now = load(portName);
            if (now.qos().isPresent()) {
                List<ObjectNode> ops = removeOps(portName, now);
                betweenReadAndWrite.run();
                client.transact(ops);
            }
            return null;
        });
    }

    /**
     * Deletes the QoS and Queue rows Sluice made that no port (or QoS) uses any more: QoS and Queue
     * are root tables, so when a port is deleted (a switch or a lab fabric going away) its QoS
     * stays behind until someone deletes it. Rows others made are never touched.
     *
     * @return how many rows were deleted
     */
    public int removeOrphans() {
        return retrying("remove orphaned Sluice QoS rows", () -> {
            ArrayNode all = OvsdbJson.NODES.arrayNode();
            ArrayNode r = client.transact(List.of(Ops.select("Port", all, "qos"),
                    Ops.select("QoS", all, "_uuid", "queues", "external_ids"),
                    Ops.select("Queue", all, "_uuid", "external_ids")));
            Set<UUID> usedQos = new HashSet<>();
            r.get(0).path("rows").forEach(row -> OvsdbJson.optionalUuid(row.get("qos")).ifPresent(usedQos::add));
            List<ObjectNode> ops = new ArrayList<>();
            Set<UUID> usedQueues = new HashSet<>();
            for (JsonNode row : r.get(1).path("rows")) {
                UUID qos = OvsdbJson.toUuid(row.get("_uuid"));
                boolean ours = "true".equals(OvsdbJson.toStringMap(row.get("external_ids")).get(MANAGED_KEY));
                if (ours && !usedQos.contains(qos)) {
                    ops.add(Ops.delete("QoS", Ops.whereUuid(qos)));
                } else {
                    usedQueues.addAll(OvsdbJson.toIntegerUuidMap(row.get("queues")).values());
                }
            }
            for (JsonNode row : r.get(2).path("rows")) {
                UUID queue = OvsdbJson.toUuid(row.get("_uuid"));
                boolean ours = "true".equals(OvsdbJson.toStringMap(row.get("external_ids")).get(MANAGED_KEY));
                if (ours && !usedQueues.contains(queue)) {
                    ops.add(Ops.delete("Queue", Ops.whereUuid(queue)));
                }
            }
            if (!ops.isEmpty()) {
                client.transact(ops);
            }
            return ops.size();
        });
    }

    /**
     * What QoS the port has now, made by Sluice or not, or empty if none.
     *
     * @throws UnknownPortException if there is no such port
     */
    public Optional<PortQosConfig> read(String portName) {
        requirePortName(portName);
        return retrying("read QoS of port " + portName, () -> load(portName)).qos();
    }

    /** The port row and its QoS, read in one consistent transaction. */
    private record Snapshot(UUID port, Optional<PortQosConfig> qos) {
    }

    private Snapshot load(String portName) {
        JsonNode portRows = client.transact(List.of(
                Ops.select("Port", Ops.whereEquals("name", TextNode.valueOf(portName)), "_uuid", "qos")))
                .get(0).path("rows");
        if (portRows.isEmpty()) {
            throw new UnknownPortException(portName, client.endpoint());
        }
        UUID port = OvsdbJson.toUuid(portRows.get(0).get("_uuid"));
        Optional<UUID> qosUuid = OvsdbJson.optionalUuid(portRows.get(0).get("qos"));
        if (qosUuid.isEmpty()) {
            return new Snapshot(port, Optional.empty());
        }
        UUID qos = qosUuid.get();
        // The Queue rows can only be selected once their uuids are known, so: learn them, then read
        // everything again in one transaction whose waits prove nothing moved in between.
        JsonNode qosRows = client.transact(List.of(Ops.select("QoS", Ops.whereUuid(qos), "queues")))
                .get(0).path("rows");
        SortedMap<Long, UUID> queueUuids = qosRows.isEmpty()
                ? new TreeMap<>() : OvsdbJson.toIntegerUuidMap(qosRows.get(0).get("queues"));

        List<ObjectNode> ops = new ArrayList<>();
        ops.add(Ops.waitUnchanged("Port", Ops.whereUuid(port), Ops.row().set("qos", uuid(qos))));
        ops.add(Ops.waitUnchanged("QoS", Ops.whereUuid(qos), Ops.row().set("queues", refs(queueUuids))));
        ops.add(Ops.select("QoS", Ops.whereUuid(qos), "type", "other_config", "external_ids"));
        queueUuids.values().forEach(q -> ops.add(Ops.select("Queue", Ops.whereUuid(q), "other_config", "external_ids")));
        ArrayNode results = client.transact(ops);

        JsonNode qosRow = results.get(2).path("rows").get(0);
        SortedMap<Long, PortQosConfig.QueueRow> queues = new TreeMap<>();
        int i = 3;
        for (Map.Entry<Long, UUID> q : queueUuids.entrySet()) {
            JsonNode row = results.get(i++).path("rows").get(0);
            queues.put(q.getKey(), new PortQosConfig.QueueRow(q.getValue(),
                    OvsdbJson.toStringMap(row.get("other_config")), OvsdbJson.toStringMap(row.get("external_ids"))));
        }
        return new Snapshot(port, Optional.of(new PortQosConfig(qos, qosRow.path("type").asText(),
                OvsdbJson.toStringMap(qosRow.get("other_config")), OvsdbJson.toStringMap(qosRow.get("external_ids")),
                queues)));
    }

    private List<ObjectNode> applyOps(String portName, Snapshot now, long maxRateBps, SortedMap<Long, QueueSpec> wanted) {
        List<ObjectNode> ops = new ArrayList<>();
        ops.add(Ops.comment("sluice: apply " + HTB + " QoS to port " + portName));
        ObjectNode qosRow = Ops.row().put("type", HTB);
        qosRow.set("other_config", stringMap(Map.of("max-rate", Long.toString(maxRateBps))));
        Map<Long, JsonNode> queueRefs = new TreeMap<>();

        if (now.qos().isEmpty()) {
            ops.add(Ops.waitUnchanged("Port", Ops.whereUuid(now.port()), Ops.row().set("qos", emptySet())));
            wanted.values().forEach(q -> queueRefs.put(q.queueId(), insertQueue(ops, portName, q)));
            qosRow.set("external_ids", stringMap(marks(portName)));
            qosRow.set("queues", integerMap(queueRefs));
            ops.add(Ops.insert("QoS", qosRow, QOS_NAME));
            ops.add(Ops.update("Port", Ops.whereUuid(now.port()), Ops.row().set("qos", namedUuid(QOS_NAME))));
            return ops;
        }

        PortQosConfig current = requireManaged(portName, now.qos().get());
        ops.addAll(guards(now.port(), current));
        Set<UUID> kept = new HashSet<>();
        for (QueueSpec q : wanted.values()) {
            PortQosConfig.QueueRow existing = current.queues().get(q.queueId());
            if (existing != null && existing.sluiceManaged()) {
                ops.add(Ops.update("Queue", Ops.whereUuid(existing.uuid()), queueRow(portName, q)));
                queueRefs.put(q.queueId(), uuid(existing.uuid()));
                kept.add(existing.uuid());
            } else {
                // A queue someone else slipped into our QoS is replaced, not edited, and not deleted.
                queueRefs.put(q.queueId(), insertQueue(ops, portName, q));
            }
        }
        Map<String, String> externalIds = new TreeMap<>(current.externalIds());
        externalIds.putAll(marks(portName));
        qosRow.set("external_ids", stringMap(externalIds));
        qosRow.set("queues", integerMap(queueRefs));
        ops.add(Ops.update("QoS", Ops.whereUuid(current.uuid()), qosRow));
        // Queue is a root table: rows no QoS references any more stay until deleted.
        current.queues().values().stream()
                .filter(q -> q.sluiceManaged() && !kept.contains(q.uuid()))
                .forEach(q -> ops.add(Ops.delete("Queue", Ops.whereUuid(q.uuid()))));
        return ops;
    }

    private List<ObjectNode> removeOps(String portName, Snapshot now) {
        PortQosConfig current = requireManaged(portName, now.qos().get());
        List<ObjectNode> ops = new ArrayList<>();
        ops.add(Ops.comment("sluice: remove QoS from port " + portName));
        ops.addAll(guards(now.port(), current));
        ops.add(Ops.update("Port", Ops.whereUuid(now.port()), Ops.row().set("qos", emptySet())));
        // QoS and Queue are root tables, so clearing the reference alone would leave them behind.
        ops.add(Ops.delete("QoS", Ops.whereUuid(current.uuid())));
        current.queues().values().stream()
                .filter(PortQosConfig.QueueRow::sluiceManaged)
                .forEach(q -> ops.add(Ops.delete("Queue", Ops.whereUuid(q.uuid()))));
        return ops;
    }

    /** Waits proving the port still has this QoS, with the same queues and the same owner marks. */
    private static List<ObjectNode> guards(UUID port, PortQosConfig current) {
        SortedMap<Long, UUID> queueUuids = new TreeMap<>();
        current.queues().forEach((id, q) -> queueUuids.put(id, q.uuid()));
        ObjectNode qosNow = Ops.row().set("queues", refs(queueUuids));
        qosNow.set("external_ids", stringMap(current.externalIds()));
        return List.of(
                Ops.waitUnchanged("Port", Ops.whereUuid(port), Ops.row().set("qos", uuid(current.uuid()))),
                Ops.waitUnchanged("QoS", Ops.whereUuid(current.uuid()), qosNow));
    }

    private static JsonNode insertQueue(List<ObjectNode> ops, String portName, QueueSpec q) {
        String name = "sluice_queue_" + q.queueId();
        ops.add(Ops.insert("Queue", queueRow(portName, q), name));
        return namedUuid(name);
    }

    private static ObjectNode queueRow(String portName, QueueSpec q) {
        ObjectNode row = Ops.row();
        row.set("other_config", stringMap(Map.of(
                "min-rate", Long.toString(q.minRateBps()),
                "max-rate", Long.toString(q.maxRateBps()),
                "priority", Integer.toString(q.priority()))));
        row.set("external_ids", stringMap(marks(portName)));
        return row;
    }

    private static Map<String, String> marks(String portName) {
        return Map.of(MANAGED_KEY, "true", PORT_KEY, portName);
    }

    private static ArrayNode refs(SortedMap<Long, UUID> queueUuids) {
        Map<Long, JsonNode> refs = new TreeMap<>();
        queueUuids.forEach((id, u) -> refs.put(id, uuid(u)));
        return integerMap(refs);
    }

    private static PortQosConfig requireManaged(String portName, PortQosConfig qos) {
        if (!qos.sluiceManaged()) {
            throw new ForeignQosException(portName, qos.uuid());
        }
        return qos;
    }

    private static void requirePortName(String portName) {
        if (portName == null || portName.isBlank()) {
            throw new IllegalArgumentException("port name must not be empty");
        }
    }

    /** Runs a read-then-write step again from a fresh read when a wait shows the read went stale. */
    private static <T> T retrying(String what, Supplier<T> step) {
        OvsdbTransactionException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return step.get();
            } catch (OvsdbTransactionException e) {
                if (!e.isStaleWait()) {
                    throw e;
                }
                last = e;
            }
        }
        throw new OvsdbException("could not " + what + ": the database kept changing underneath, "
                + ATTEMPTS + " attempts", last);
    }
}
