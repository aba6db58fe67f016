package io.sluice.ovsdb;

import static io.sluice.ovsdb.OvsdbJson.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** Builders for the OVSDB {@code transact} operations Sluice uses (RFC 7047 section 5.2). */
final class Ops {

    private Ops() {
    }

    static ObjectNode select(String table, ArrayNode where, String... columns) {
        ObjectNode op = op("select", table, where);
        ArrayNode cols = op.putArray("columns");
        for (String c : columns) {
            cols.add(c);
        }
        return op;
    }

    /** Inserts a row that later operations of the same transaction can name as {@code uuidName}. */
    static ObjectNode insert(String table, ObjectNode row, String uuidName) {
        ObjectNode op = NODES.objectNode().put("op", "insert").put("table", table);
        op.set("row", row);
        op.put("uuid-name", uuidName);
        return op;
    }

    static ObjectNode update(String table, ArrayNode where, ObjectNode row) {
        ObjectNode op = op("update", table, where);
        op.set("row", row);
        return op;
    }

    static ObjectNode delete(String table, ArrayNode where) {
        return op("delete", table, where);
    }

    /**
     * Fails the transaction at once (error "timed out") unless the rows matching {@code where} are
     * exactly {@code expected} in the columns {@code expected} names: the compare half of a
     * compare-and-set, so that a write based on an earlier read cannot clobber a concurrent change.
     */
    static ObjectNode waitUnchanged(String table, ArrayNode where, ObjectNode expected) {
        ObjectNode op = op("wait", table, where);
        ArrayNode cols = op.putArray("columns");
        expected.fieldNames().forEachRemaining(cols::add);
        op.put("until", "==");
        op.putArray("rows").add(expected);
        op.put("timeout", 0);
        return op;
    }

    /** Lands in the server's log next to the transaction, saying who made the change and why. */
    static ObjectNode comment(String text) {
        return NODES.objectNode().put("op", "comment").put("comment", text);
    }

    static ArrayNode whereUuid(UUID uuid) {
        return whereEquals("_uuid", OvsdbJson.uuid(uuid));
    }

    static ArrayNode whereEquals(String column, JsonNode value) {
        ArrayNode where = NODES.arrayNode();
        where.addArray().add(column).add("==").add(value);
        return where;
    }

    static ObjectNode row() {
        return NODES.objectNode();
    }

    /** Says what an operation was, for error messages: "insert into Queue", "comment". */
    static String describe(JsonNode op) {
        String name = op.path("op").asText("?");
        JsonNode table = op.get("table");
        if (table == null) {
            return name;
        }
        String preposition = switch (name) {
            case "insert" -> " into ";
            case "select", "delete" -> " from ";
            default -> " on ";
        };
        return name + preposition + table.asText();
    }

    private static ObjectNode op(String name, String table, ArrayNode where) {
        ObjectNode op = NODES.objectNode().put("op", name).put("table", table);
        op.set("where", where);
        return op;
    }
}
