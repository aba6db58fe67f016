package io.sluice.policy.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sluice.core.net.Ip4Prefix;
import io.sluice.core.net.MacAddress;
import io.sluice.core.policy.BehaviourPolicy;
import io.sluice.core.policy.ClassProfile;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.DscpTrust;
import io.sluice.core.policy.HostGroup;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PortRange;
import io.sluice.core.policy.RoutePreference;
import io.sluice.core.policy.RuleMatch;
import io.sluice.core.policy.Scheduling;
import io.sluice.core.policy.TrafficClass;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A policy as a person writes it: YAML (or JSON, which is the same tree), read into core's
 * {@link Policy} with every problem reported as a {@link PolicyError} that names the rule, the
 * field and the line; and written back in the same form. Unknown fields are errors, not ignored:
 * a typo ({@code dstPort} for {@code dstPorts}) must not silently widen a rule.
 *
 * <pre>
 * classes:
 *   INFERENCE: {dscp: 34, queue: 1, minSharePercent: 20, maxSharePercent: 60, scheduling: STRICT, route: LOWEST_LATENCY}
 * hostGroups:
 *   gpu-trainers: [10.0.1.0/24, "02:00:00:00:01:01"]
 * rules:
 *   - id: triton-grpc
 *     priority: 500
 *     class: INFERENCE
 *     match: {proto: tcp, dstPorts: 8000-8001}
 *     comment: why this rule exists
 * behaviour: {minBytes: 1000000000, minDurationSeconds: 10, minRateMbps: 100, class: TRAINING}
 * trustDscp: ["*"]
 * defaultClass: BEST_EFFORT
 * </pre>
 */
public final class PolicyDocument {
    // A key given twice is an error, not "the last one wins": two rules: sections would drop one.
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS))
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final Set<String> TOP = Set.of("classes", "hostGroups", "rules", "behaviour", "trustDscp",
            "defaultClass", "inferenceHotPercent");
    private static final Set<String> CLASS_FIELDS = Set.of("dscp", "queue", "minSharePercent", "maxSharePercent",
            "scheduling", "route");
    private static final Set<String> RULE_FIELDS = Set.of("id", "priority", "class", "match", "comment");
    private static final Set<String> MATCH_FIELDS = Set.of("srcCidr", "dstCidr", "proto", "srcPorts", "dstPorts",
            "vlan", "dscp", "srcGroup", "dstGroup");
    private static final Set<String> BEHAVIOUR_FIELDS = Set.of("minBytes", "minDurationSeconds", "minRateMbps",
            "class");
    /** IP protocols by the names policy files and queries may use. */
    public static final Map<String, Integer> PROTOCOLS = Map.of("icmp", 1, "tcp", 6, "udp", 17, "sctp", 132);

    private PolicyDocument() {
    }

    /** Reads YAML or JSON text (JSON is recognised by its opening brace). */
    public static ParsedPolicy parse(String text) {
        boolean json = text.stripLeading().startsWith("{");
        ObjectMapper mapper = json ? JSON : YAML;
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            return ParsedPolicy.of(null, List.of(PolicyError.of(null, line, "document", "not valid "
                    + (json ? "JSON" : "YAML") + ": " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            return ParsedPolicy.of(null, List.of(PolicyError.of(null, 1, "document",
                    "a policy is a mapping with classes, rules, ... at the top")));
        }
        Reader r = new Reader(SourceLines.of(mapper.getFactory(), text));
        return r.read((ObjectNode) root);
    }

    /**
     * Reads JSON text into a tree, as strictly as policy files are read (a key given twice is an
     * error), e.g. a rule given alone to the REST API.
     */
    public static JsonNode readJson(String text) throws JsonProcessingException {
        return JSON.readTree(text);
    }

    /** Reads one rule given alone (REST rule endpoints). */
    public static ClassificationRule parseRule(JsonNode tree, List<PolicyError> errors) {
        return new Reader(SourceLines.of(new JsonFactory(), "{}")).rule(tree, "rule", errors);
    }

    // ---- writing ----

    public static ObjectNode toTree(Policy p) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode classes = root.putObject("classes");
        p.classes().forEach((c, cp) -> {
            ObjectNode n = classes.putObject(c.name());
            putIfSet(n, "dscp", cp.dscp());
            putIfSet(n, "queue", cp.queue());
            n.put("minSharePercent", cp.minSharePercent());
            n.put("maxSharePercent", cp.maxSharePercent());
            if (cp.scheduling() != null) {
                n.put("scheduling", cp.scheduling().name());
            }
            if (cp.route() != null) {
                n.put("route", cp.route().name());
            }
        });
        ObjectNode groups = root.putObject("hostGroups");
        p.hostGroups().forEach((name, g) -> {
            ArrayNode members = groups.putArray(name);
            g.members().forEach(members::add);
        });
        ArrayNode rules = root.putArray("rules");
        p.rules().forEach(r -> rules.add(ruleTree(r)));
        BehaviourPolicy b = p.behaviour();
        if (b.enabled()) {
            ObjectNode n = root.putObject("behaviour");
            n.put("minBytes", b.minBytes());
            n.put("minDurationSeconds", b.minDuration().toMillis() / 1000.0);
            n.put("minRateMbps", b.minRateBps() / 1e6);
            if (b.elephantClass() != null) {
                n.put("class", b.elephantClass().name());
            }
        }
        ArrayNode trust = root.putArray("trustDscp");
        p.trust().ports().forEach(trust::add);
        root.put("inferenceHotPercent", p.inferenceHotPercent());
        if (p.defaultClass() != null) {
            root.put("defaultClass", p.defaultClass().name());
        }
        return root;
    }

    public static ObjectNode ruleTree(ClassificationRule r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("priority", r.priority());
        if (r.trafficClass() != null) {
            n.put("class", r.trafficClass().name());
        }
        ObjectNode m = n.putObject("match");
        RuleMatch match = r.match();
        if (match.srcCidr() != null) {
            m.put("srcCidr", match.srcCidr().toString());
        }
        if (match.dstCidr() != null) {
            m.put("dstCidr", match.dstCidr().toString());
        }
        if (match.ipProto() != null) {
            String name = PROTOCOLS.entrySet().stream().filter(e -> e.getValue().equals(match.ipProto()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (name != null) {
                m.put("proto", name);
            } else {
                m.put("proto", match.ipProto());
            }
        }
        if (match.srcPorts() != null) {
            m.put("srcPorts", match.srcPorts().toString());
        }
        if (match.dstPorts() != null) {
            m.put("dstPorts", match.dstPorts().toString());
        }
        putIfSet(m, "vlan", match.vlan());
        putIfSet(m, "dscp", match.dscp());
        if (match.srcGroup() != null) {
            m.put("srcGroup", match.srcGroup());
        }
        if (match.dstGroup() != null) {
            m.put("dstGroup", match.dstGroup());
        }
        if (!r.comment().isEmpty()) {
            n.put("comment", r.comment());
        }
        return n;
    }

    public static String toYaml(Policy p) {
        try {
            return YAML.writeValueAsString(toTree(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy as YAML", e);
        }
    }

    /** Canonical JSON text: what the store keeps. */
    public static String toJson(Policy p) {
        try {
            return JSON.writeValueAsString(toTree(p));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a policy as JSON", e);
        }
    }

    private static void putIfSet(ObjectNode n, String field, Integer v) {
        if (v != null) {
            n.put(field, v);
        }
    }

    // ---- reading ----

    /** One read: collects errors, each with the line of its path. */
    private static final class Reader {
        private final SourceLines lines;

        Reader(SourceLines lines) {
            this.lines = lines;
        }

        ParsedPolicy read(ObjectNode root) {
            List<PolicyError> errors = new ArrayList<>();
            unknown(root, TOP, "", null, errors);
            Map<TrafficClass, ClassProfile> classes = classes(root.get("classes"), errors);
            Map<String, HostGroup> groups = groups(root.get("hostGroups"), errors);
            List<ClassificationRule> rules = new ArrayList<>();
            JsonNode rs = root.get("rules");
            if (rs != null && !rs.isNull()) {
                if (!rs.isArray()) {
                    errors.add(error(null, "rules", "must be a list of rules"));
                } else {
                    for (int i = 0; i < rs.size(); i++) {
                        ClassificationRule rule = rule(rs.get(i), "rules[" + i + "]", errors);
                        if (rule != null) {
                            rules.add(rule);
                        }
                    }
                }
            }
            BehaviourPolicy behaviour = behaviour(root.get("behaviour"), errors);
            DscpTrust trust = DscpTrust.of(strings(root.get("trustDscp"), "trustDscp", errors));
            TrafficClass def = root.has("defaultClass") ? trafficClass(root.get("defaultClass"), null, "defaultClass",
                    errors) : TrafficClass.BEST_EFFORT;
            Policy policy = Policy.of(classes, groups, rules, behaviour, trust, def);
            if (root.has("inferenceHotPercent")) {
                Number hot = number(root.get("inferenceHotPercent"), "inferenceHotPercent", errors);
                if (hot != null) {
                    policy = policy.withInferenceHotPercent(hot.intValue() == hot.doubleValue() ? hot.intValue() : -1);
                }
            }
            return ParsedPolicy.of(policy, errors, lines::line);
        }

        private Map<TrafficClass, ClassProfile> classes(JsonNode node, List<PolicyError> errors) {
            Map<TrafficClass, ClassProfile> out = new EnumMap<>(TrafficClass.class);
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                errors.add(error(null, "classes", "must map each class name to its numbers"));
                return out;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "classes." + e.getKey();
                TrafficClass c = className(e.getKey(), at, errors);
                JsonNode n = e.getValue();
                if (c == null) {
                    continue;
                }
                if (!n.isObject()) {
                    errors.add(error(null, at, "must be a mapping of dscp, queue, minSharePercent, ..."));
                    continue;
                }
                unknown(n, CLASS_FIELDS, at, null, errors);
                out.put(c, ClassProfile.of(c, integer(n, "dscp", at, null, errors),
                        integer(n, "queue", at, null, errors), orZero(integer(n, "minSharePercent", at, null, errors)),
                        n.has("maxSharePercent") ? orZero(integer(n, "maxSharePercent", at, null, errors)) : 100,
                        named(n.get("scheduling"), Scheduling.class, at + ".scheduling", null, errors),
                        named(n.get("route"), RoutePreference.class, at + ".route", null, errors)));
            }
            return out;
        }

        private Map<String, HostGroup> groups(JsonNode node, List<PolicyError> errors) {
            Map<String, HostGroup> out = new LinkedHashMap<>();
            if (node == null || node.isNull()) {
                return out;
            }
            if (!node.isObject()) {
                errors.add(error(null, "hostGroups", "must map each group's name to a list of MACs and prefixes"));
                return out;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String at = "hostGroups." + e.getKey();
                Set<MacAddress> macs = new HashSet<>();
                Set<Ip4Prefix> prefixes = new HashSet<>();
                List<String> members = strings(e.getValue(), at, errors);
                for (int i = 0; i < members.size(); i++) {
                    String m = members.get(i);
                    try {
                        if (m.contains(":")) {
                            macs.add(MacAddress.parse(m));
                        } else {
                            prefixes.add(Ip4Prefix.parse(m));
                        }
                    } catch (IllegalArgumentException bad) {
                        errors.add(error(null, at + "[" + i + "]", "want a MAC address or an IPv4 address/prefix: "
                                + bad.getMessage()));
                    }
                }
                out.put(e.getKey(), HostGroup.of(e.getKey(), macs, prefixes));
            }
            return out;
        }

        ClassificationRule rule(JsonNode n, String at, List<PolicyError> errors) {
            if (n == null || !n.isObject()) {
                errors.add(error(null, at, "a rule is a mapping of id, priority, class, match, comment"));
                return null;
            }
            String id = text(n, "id", at, null, errors);
            String who = id.isEmpty() ? null : id;
            unknown(n, RULE_FIELDS, at, who, errors);
            Integer priority = integer(n, "priority", at, who, errors);
            if (priority == null && !n.has("priority")) {
                errors.add(error(who, at + ".priority", "missing: rules need an explicit priority (higher wins)"));
            }
            TrafficClass c = n.has("class") ? trafficClass(n.get("class"), who, at + ".class", errors) : null;
            RuleMatch match = match(n.get("match"), at + ".match", who, errors);
            String comment = text(n, "comment", at, who, errors);
            return ClassificationRule.of(id, priority == null ? 0 : priority, match, c, comment, lines.line(at));
        }

        private RuleMatch match(JsonNode n, String at, String who, List<PolicyError> errors) {
            RuleMatch.Builder b = RuleMatch.builder();
            if (n == null || n.isNull()) {
                return b.build();
            }
            if (!n.isObject()) {
                errors.add(error(who, at, "must be a mapping of srcCidr, dstCidr, proto, srcPorts, dstPorts, vlan, "
                        + "dscp, srcGroup, dstGroup"));
                return b.build();
            }
            unknown(n, MATCH_FIELDS, at, who, errors);
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull() && MATCH_FIELDS.contains(e.getKey())) {
                    // An empty value would match anything: a rule silently wider than it reads.
                    errors.add(error(who, at + "." + e.getKey(), "empty: give a value, or leave the field out to "
                            + "match any"));
                }
            }
            b.srcCidr(prefix(n.get("srcCidr"), at + ".srcCidr", who, errors));
            b.dstCidr(prefix(n.get("dstCidr"), at + ".dstCidr", who, errors));
            JsonNode proto = n.get("proto");
            if (proto != null && !proto.isNull()) {
                if (proto.isInt()) {
                    b.ipProto(proto.asInt());
                } else if (PROTOCOLS.containsKey(proto.asText().toLowerCase(Locale.ROOT))) {
                    b.ipProto(PROTOCOLS.get(proto.asText().toLowerCase(Locale.ROOT)));
                } else {
                    errors.add(error(who, at + ".proto", "want tcp, udp, icmp, sctp or a protocol number, got '"
                            + proto.asText() + "'"));
                }
            }
            b.srcPorts(ports(n.get("srcPorts"), at + ".srcPorts", who, errors));
            b.dstPorts(ports(n.get("dstPorts"), at + ".dstPorts", who, errors));
            b.vlan(integer(n, "vlan", at, who, errors));
            b.dscp(integer(n, "dscp", at, who, errors));
            b.srcGroup(n.hasNonNull("srcGroup") ? text(n, "srcGroup", at, who, errors) : null);
            b.dstGroup(n.hasNonNull("dstGroup") ? text(n, "dstGroup", at, who, errors) : null);
            return b.build();
        }

        private BehaviourPolicy behaviour(JsonNode n, List<PolicyError> errors) {
            if (n == null || n.isNull()) {
                return BehaviourPolicy.OFF;
            }
            if (!n.isObject()) {
                errors.add(error(null, "behaviour", "must be a mapping of minBytes, minDurationSeconds, minRateMbps, "
                        + "class"));
                return BehaviourPolicy.OFF;
            }
            unknown(n, BEHAVIOUR_FIELDS, "behaviour", null, errors);
            long bytes = n.has("minBytes") ? number(n.get("minBytes"), "behaviour.minBytes", errors).longValue() : 0;
            double seconds = n.has("minDurationSeconds")
                    ? number(n.get("minDurationSeconds"), "behaviour.minDurationSeconds", errors).doubleValue() : 0;
            double mbps = n.has("minRateMbps")
                    ? number(n.get("minRateMbps"), "behaviour.minRateMbps", errors).doubleValue() : 0;
            TrafficClass c = n.has("class") ? trafficClass(n.get("class"), null, "behaviour.class", errors) : null;
            return BehaviourPolicy.of(bytes, Duration.ofMillis(Math.round(seconds * 1000)), Math.round(mbps * 1e6), c);
        }

        /**
         * A text field; "" when absent. YAML reads no/yes/on/off as booleans and 007 as a number:
         * such a value written where text belongs is refused, so it must be quoted.
         */
        private String text(JsonNode parent, String field, String at, String who, List<PolicyError> errors) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return "";
            }
            if (!n.isTextual()) {
                errors.add(error(who, at + "." + field, "must be text; quote it (\"" + n.asText() + "\"): unquoted, "
                        + "YAML reads it as a " + (n.isBoolean() ? "boolean" : n.isNumber() ? "number" : "structure")));
                return n.asText();
            }
            return n.asText();
        }

        private Number number(JsonNode n, String at, List<PolicyError> errors) {
            if (n.isNumber()) {
                return n.numberValue();
            }
            errors.add(error(null, at, "must be a number, got '" + n.asText() + "'"));
            return 0;
        }

        private Ip4Prefix prefix(JsonNode n, String at, String who, List<PolicyError> errors) {
            if (n == null || n.isNull()) {
                return null;
            }
            try {
                return Ip4Prefix.parse(n.asText());
            } catch (IllegalArgumentException e) {
                errors.add(error(who, at, e.getMessage()));
                return null;
            }
        }

        private PortRange ports(JsonNode n, String at, String who, List<PolicyError> errors) {
            if (n == null || n.isNull()) {
                return null;
            }
            try {
                return PortRange.parse(n.asText());
            } catch (IllegalArgumentException e) {
                errors.add(error(who, at, e.getMessage()));
                return null;
            }
        }

        private Integer integer(JsonNode parent, String field, String at, String who, List<PolicyError> errors) {
            JsonNode n = parent.get(field);
            if (n == null || n.isNull()) {
                return null;
            }
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                errors.add(error(who, at + "." + field, "must be a whole number, got '" + n.asText() + "'"));
                return null;
            }
            return n.asInt();
        }

        private TrafficClass trafficClass(JsonNode n, String who, String at, List<PolicyError> errors) {
            return named(n, TrafficClass.class, at, who, errors);
        }

        private TrafficClass className(String text, String at, List<PolicyError> errors) {
            try {
                return TrafficClass.valueOf(text);
            } catch (IllegalArgumentException e) {
                errors.add(error(null, at, "unknown class '" + text + "': classes are "
                        + Arrays.toString(TrafficClass.values())));
                return null;
            }
        }

        private <E extends Enum<E>> E named(JsonNode n, Class<E> type, String at, String who, List<PolicyError> errors) {
            if (n == null || n.isNull()) {
                return null;
            }
            try {
                return Enum.valueOf(type, n.asText().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(error(who, at, "unknown value '" + n.asText() + "': want one of "
                        + Arrays.toString(type.getEnumConstants())));
                return null;
            }
        }

        private List<String> strings(JsonNode n, String at, List<PolicyError> errors) {
            List<String> out = new ArrayList<>();
            if (n == null || n.isNull()) {
                return out;
            }
            if (!n.isArray()) {
                errors.add(error(null, at, "must be a list"));
                return out;
            }
            n.forEach(x -> out.add(x.asText()));
            return out;
        }

        private void unknown(JsonNode n, Set<String> known, String at, String who, List<PolicyError> errors) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!known.contains(f)) {
                    String path = at.isEmpty() ? f : at + "." + f;
                    errors.add(error(who, path, "unknown field '" + f + "' (known: "
                            + new TreeSet<>(known).stream().collect(Collectors.joining(", ")) + ")"));
                }
            }
        }

        private PolicyError error(String rule, String path, String message) {
            return PolicyError.of(rule, lines.line(path), path, message);
        }

        private static int orZero(Integer v) {
            return v == null ? 0 : v;
        }
    }
}
