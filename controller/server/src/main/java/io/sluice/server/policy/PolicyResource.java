package io.sluice.server.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.ChangeOutcome;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyDiff;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PolicyRejectedException;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import io.sluice.policy.codec.PolicyDocument;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code /api/v1/policy}: the policy in force, its rules, its versions. Changes need the bearer
 * token; each makes a new version (author, time, comment), and takes {@code If-Match: <version>}
 * for optimistic concurrency (409 when another change came first). Invalid input is refused whole
 * with 422 and every error (rule, line, field, message); nothing is half applied.
 */
@Path("/api/v1/policy")
@Produces(MediaType.APPLICATION_JSON)
public final class PolicyResource {
    private static final int UNPROCESSABLE = 422;
    private static final int MAX_AUTHOR = 128;
    private static final int MAX_COMMENT = 4096;
    private final PolicyService policies;

    /** Register {@link PolicyAuth} with it: changes ({@link PolicyChange}) need the token. */
    public PolicyResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    public Response get() {
        ActivePolicy now = policies.current();
        return Response.ok(view(now.version(), now.policy())).tag(Long.toString(now.version().version())).build();
    }

    /** The whole policy, as YAML or JSON text; {@code dryRun=true} validates and diffs only. */
    @PUT
    @PolicyChange
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    public Response put(String body, @QueryParam("dryRun") @DefaultValue("false") String dryRunText,
            @QueryParam("author") String author, @QueryParam("comment") String comment,
            @Context HttpHeaders headers) {
        boolean dryRun = flag("dryRun", dryRunText);
        String who = who(author);
        String why = why(comment, "policy replaced");
        if (body == null || body.isBlank()) {
            throw new BadRequestException("body: the policy (YAML or JSON) is missing");
        }
        ParsedPolicy parsed = PolicyDocument.parse(body);
        // Without If-Match, a whole policy replaces whatever is in force: it says everything.
        return change(ifMatch(headers), dryRun, base -> policies.apply(parsed, who, why, base, dryRun));
    }

    @GET
    @Path("rules")
    public Map<String, Object> rules() {
        ActivePolicy now = policies.current();
        List<JsonNode> rules = new ArrayList<>();
        now.policy().rules().forEach(r -> rules.add(PolicyDocument.ruleTree(r)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", now.version().version());
        out.put("count", rules.size());
        out.put("rules", rules);
        return out;
    }

    @GET
    @Path("rules/{id}")
    public JsonNode rule(@PathParam("id") String id) {
        return PolicyDocument.ruleTree(policies.current().policy().rule(id)
                .orElseThrow(() -> new NotFoundException("no rule with id '" + id + "'")));
    }

    @POST
    @PolicyChange
    @Path("rules")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addRule(String body, @QueryParam("author") String author, @QueryParam("comment") String comment,
            @Context HttpHeaders headers) {
        ClassificationRule rule = readRule(body, null);
        ActivePolicy snapshot = policies.current();
        Policy now = snapshot.policy();
        if (now.rule(rule.id()).isPresent()) {
            throw conflict("a rule with id '" + rule.id() + "' exists: PUT /api/v1/policy/rules/" + rule.id()
                    + " replaces it", policies.current().version().version());
        }
        List<ClassificationRule> rules = new ArrayList<>(now.rules());
        rules.add(rule);
        String who = who(author);
        String why = why(comment, "rule " + rule.id() + " added");
        Response r = change(baseOf(headers, snapshot), false,
                base -> policies.apply(now.withRules(rules), who, why, base, false));
        return Response.status(Response.Status.CREATED).entity(r.getEntity()).tag(r.getEntityTag()).build();
    }

    @PUT
    @PolicyChange
    @Path("rules/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response replaceRule(@PathParam("id") String id, String body, @QueryParam("author") String author,
            @QueryParam("comment") String comment, @Context HttpHeaders headers) {
        ClassificationRule rule = readRule(body, id);
        ActivePolicy snapshot = policies.current();
        Policy now = snapshot.policy();
        if (now.rule(id).isEmpty()) {
            throw new NotFoundException("no rule with id '" + id + "' (POST /api/v1/policy/rules adds one)");
        }
        List<ClassificationRule> rules = new ArrayList<>();
        now.rules().forEach(r -> rules.add(r.id().equals(id) ? rule : r));
        String who = who(author);
        String why = why(comment, "rule " + id + " replaced");
        return change(baseOf(headers, snapshot), false,
                base -> policies.apply(now.withRules(rules), who, why, base, false));
    }

    @DELETE
    @PolicyChange
    @Path("rules/{id}")
    public Response deleteRule(@PathParam("id") String id, @QueryParam("author") String author,
            @QueryParam("comment") String comment, @Context HttpHeaders headers) {
        ActivePolicy snapshot = policies.current();
        Policy now = snapshot.policy();
        if (now.rule(id).isEmpty()) {
            throw new NotFoundException("no rule with id '" + id + "'");
        }
        List<ClassificationRule> rules = new ArrayList<>(now.rules());
        rules.removeIf(r -> r.id().equals(id));
        String who = who(author);
        String why = why(comment, "rule " + id + " deleted");
        return change(baseOf(headers, snapshot), false,
                base -> policies.apply(now.withRules(rules), who, why, base, false));
    }

    @GET
    @Path("versions")
    public Map<String, Object> versions() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PolicyVersion v : policies.versions()) {
            out.add(meta(v));
        }
        return Map.of("count", out.size(), "versions", out);
    }

    @GET
    @Path("versions/{v}")
    public Map<String, Object> version(@PathParam("v") long v) {
        PolicyVersion pv = policies.version(v).orElseThrow(() -> new NotFoundException("no policy version " + v));
        return view(pv, policies.policyAt(v).orElseThrow());
    }

    /** What changed from version {@code from} to version {@code to} (default: the one in force). */
    @GET
    @Path("diff")
    public Map<String, Object> diff(@QueryParam("from") String fromText, @QueryParam("to") String toText) {
        if (fromText == null) {
            throw new BadRequestException("from: required, a version number");
        }
        long from = number("from", fromText);
        long target = toText == null ? policies.current().version().version() : number("to", toText);
        Policy a = policies.policyAt(from).orElseThrow(() -> new NotFoundException("from: no policy version " + from));
        Policy b = policies.policyAt(target).orElseThrow(() -> new NotFoundException("to: no policy version " + target));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", target);
        out.put("diff", diffView(PolicyDiff.between(a, b)));
        return out;
    }

    @POST
    @PolicyChange
    @Path("rollback/{v}")
    public Response rollback(@PathParam("v") long v, @QueryParam("author") String author,
            @Context HttpHeaders headers) {
        if (policies.version(v).isEmpty()) {
            throw new NotFoundException("no policy version " + v);
        }
        String who = who(author);
        return change(ifMatch(headers), false, base -> policies.rollback(v, who, base));
    }

    // ---- helpers ----

    /** A change that may be refused (422) or stale (409). */
    private interface Change {
        ChangeOutcome run(OptionalLong base) throws PolicyRejectedException;
    }

    private Response change(OptionalLong base, boolean dryRun, Change change) {
        try {
            ChangeOutcome c = change.run(base);
            long version = dryRun ? policies.current().version().version() : c.version();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("applied", !dryRun);
            out.put("valid", true);
            out.put("version", version);
            out.put("diff", diffView(c.diff()));
            out.put("errors", List.of());
            return Response.ok(out).tag(Long.toString(version)).build();
        } catch (PolicyRejectedException e) {
            if (dryRun) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("applied", false);
                out.put("valid", false);
                out.put("errors", errors(e.errors()));
                return Response.status(UNPROCESSABLE).entity(out).build();
            }
            throw invalid(e.errors());
        } catch (StaleVersionException e) {
            throw conflict("the policy is at version " + e.actual() + ", not " + e.expected()
                    + " as If-Match says: someone changed it since you read it; read it again", e.actual());
        }
    }

    /** A rule edit is made against the snapshot it read: another change since then is a conflict. */
    private static OptionalLong baseOf(HttpHeaders headers, ActivePolicy snapshot) {
        OptionalLong asked = ifMatch(headers);
        return asked.isPresent() ? asked : OptionalLong.of(snapshot.version().version());
    }

    private static boolean flag(String name, String text) {
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        throw new BadRequestException(name + ": want true or false, got '" + text + "'");
    }

    private static long number(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(name + ": want a version number, got '" + text + "'");
        }
    }

    private static OptionalLong ifMatch(HttpHeaders headers) {
        String v = headers.getHeaderString(HttpHeaders.IF_MATCH);
        if (v == null || v.isBlank() || v.trim().equals("*")) {
            return OptionalLong.empty();
        }
        String digits = v.trim().replace("\"", "").replaceFirst("^W/", "");
        try {
            return OptionalLong.of(Long.parseLong(digits));
        } catch (NumberFormatException e) {
            throw new BadRequestException("If-Match: want the policy version you read (e.g. \"7\"), got '" + v + "'");
        }
    }

    private ClassificationRule readRule(String text, String pathId) {
        JsonNode body;
        try {
            body = text == null || text.isBlank() ? null : PolicyDocument.readJson(text);
        } catch (JsonProcessingException e) {
            throw invalid(List.of(PolicyError.of(null, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "body", "not valid JSON: " + e.getOriginalMessage())));
        }
        if (body == null || !body.isObject()) {
            throw invalid(List.of(PolicyError.of(null, 0, "rule", "the body must be a rule: {id, priority, class, "
                    + "match, comment}")));
        }
        if (pathId != null) {
            if (body.hasNonNull("id") && !body.get("id").asText().equals(pathId)) {
                throw invalid(List.of(PolicyError.of(pathId, 0, "rule.id", "the body's id '" + body.get("id").asText()
                        + "' is not the path's '" + pathId + "'")));
            }
            ((ObjectNode) body).put("id", pathId);
        }
        List<PolicyError> errors = new ArrayList<>();
        ClassificationRule rule = PolicyDocument.parseRule(body, errors);
        if (!errors.isEmpty() || rule == null) {
            throw invalid(errors);
        }
        return rule;
    }

    private static WebApplicationException invalid(List<PolicyError> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", UNPROCESSABLE);
        out.put("message", "policy refused, nothing changed: " + errors.size() + " error(s)"
                + (errors.isEmpty() ? "" : "; first: " + errors.get(0)));
        out.put("errors", errors(errors));
        return new WebApplicationException(Response.status(UNPROCESSABLE).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(out).build());
    }

    private static WebApplicationException conflict(String message, long current) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("code", 409);
        out.put("message", message);
        out.put("currentVersion", current);
        return new WebApplicationException(Response.status(Response.Status.CONFLICT)
                .type(MediaType.APPLICATION_JSON_TYPE).entity(out).build());
    }

    static List<Map<String, Object>> errors(List<PolicyError> errors) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PolicyError e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", e.rule());
            m.put("line", e.line());
            m.put("field", e.field());
            m.put("message", e.message());
            out.add(m);
        }
        return out;
    }

    static Map<String, Object> diffView(PolicyDiff d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rulesAdded", d.rulesAdded());
        out.put("rulesRemoved", d.rulesRemoved());
        out.put("rulesChanged", d.rulesChanged());
        out.put("otherChanges", d.otherChanges());
        return out;
    }

    private static Map<String, Object> meta(PolicyVersion v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", v.version());
        m.put("author", v.author());
        m.put("createdAt", v.createdAt().toString());
        m.put("comment", v.comment());
        return m;
    }

    private static Map<String, Object> view(PolicyVersion v, Policy p) {
        Map<String, Object> m = meta(v);
        m.put("policy", PolicyDocument.toTree(p));
        return m;
    }

    private static String who(String author) {
        String a = author == null || author.isBlank() ? "api" : author.trim();
        if (a.length() > MAX_AUTHOR) {
            throw new BadRequestException("author: at most " + MAX_AUTHOR + " characters");
        }
        return a;
    }

    private static String why(String comment, String otherwise) {
        String c = comment == null || comment.isBlank() ? otherwise : comment.trim();
        if (c.length() > MAX_COMMENT) {
            throw new BadRequestException("comment: at most " + MAX_COMMENT + " characters");
        }
        return c;
    }
}
