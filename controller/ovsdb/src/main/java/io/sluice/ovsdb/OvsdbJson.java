package io.sluice.ovsdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * OVSDB's JSON encodings of values (RFC 7047 section 5.1): {@code ["uuid", "..."]},
 * {@code ["named-uuid", "..."]}, {@code ["set", [...]]} and {@code ["map", [[k, v], ...]]}, both ways.
 */
final class OvsdbJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private OvsdbJson() {
    }

    static ArrayNode uuid(UUID uuid) {
        return NODES.arrayNode().add("uuid").add(uuid.toString());
    }

    /** A reference to a row inserted earlier in the same transaction under this uuid-name. */
    static ArrayNode namedUuid(String name) {
        return NODES.arrayNode().add("named-uuid").add(name);
    }

    static ArrayNode emptySet() {
        return set();
    }

    static ArrayNode set(JsonNode... members) {
        ArrayNode set = NODES.arrayNode().add("set");
        set.addArray().addAll(List.of(members));
        return set;
    }

    static ArrayNode stringMap(Map<String, String> map) {
        ArrayNode pairs = NODES.arrayNode();
        // Sorted so that transactions (and the server's log) read the same way every time.
        new TreeMap<>(map).forEach((k, v) -> pairs.addArray().add(k).add(v));
        return NODES.arrayNode().add("map").add(pairs);
    }

    /** A map with integer keys and arbitrary values (such as row references). */
    static ArrayNode integerMap(Map<Long, ? extends JsonNode> map) {
        ArrayNode pairs = NODES.arrayNode();
        new TreeMap<>(map).forEach((k, v) -> pairs.addArray().add(k).add(v));
        return NODES.arrayNode().add("map").add(pairs);
    }

    static UUID toUuid(JsonNode value) {
        if (!isTagged(value, "uuid")) {
            throw malformed("a [\"uuid\", ...]", value);
        }
        return UUID.fromString(value.get(1).asText());
    }

    /**
     * Decodes a column of at most one uuid: OVSDB sends a lone member as the bare atom and none as
     * an empty set.
     */
    static Optional<UUID> optionalUuid(JsonNode value) {
        if (isTagged(value, "set")) {
            JsonNode members = value.get(1);
            if (members.isEmpty()) {
                return Optional.empty();
            }
            if (members.size() == 1) {
                return Optional.of(toUuid(members.get(0)));
            }
            throw malformed("at most one uuid", value);
        }
        return Optional.of(toUuid(value));
    }

    static Map<String, String> toStringMap(JsonNode value) {
        Map<String, String> map = new TreeMap<>();
        for (JsonNode pair : mapPairs(value)) {
            map.put(pair.get(0).asText(), pair.get(1).asText());
        }
        return map;
    }

    static SortedMap<Long, UUID> toIntegerUuidMap(JsonNode value) {
        SortedMap<Long, UUID> map = new TreeMap<>();
        for (JsonNode pair : mapPairs(value)) {
            map.put(pair.get(0).asLong(), toUuid(pair.get(1)));
        }
        return map;
    }

    private static JsonNode mapPairs(JsonNode value) {
        if (!isTagged(value, "map")) {
            throw malformed("a [\"map\", ...]", value);
        }
        return value.get(1);
    }

    private static boolean isTagged(JsonNode value, String tag) {
        return value != null && value.isArray() && value.size() == 2 && tag.equals(value.get(0).asText());
    }

    private static OvsdbException malformed(String expected, JsonNode got) {
        return new OvsdbException("malformed OVSDB value: expected " + expected + ", got " + got);
    }
}
