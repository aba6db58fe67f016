package io.sluice.server.qos;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.core.classify.ClassificationModeService;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.server.policy.PolicyChange;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /api/v1/qos/classification}: whether the switches classify by the policy in force
 * ({@code {"classify": true}}) or mark everything BEST_EFFORT ({@code false}), and switching it at
 * run time. Switching needs the policy token, as a policy change does; it does not change the policy.
 */
@Path("/api/v1/qos/classification")
@Produces(MediaType.APPLICATION_JSON)
public final class ClassificationResource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_AUTHOR = 200;
    private final ClassificationModeService classification;
    private final PolicyService policies;

    public ClassificationResource(ClassificationModeService classification, PolicyService policies) {
        this.classification = classification;
        this.policies = policies;
    }

    @GET
    public Map<String, Object> get() {
        return state(null);
    }

    @PUT
    @PolicyChange
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(String body, @QueryParam("author") String author) {
        JsonNode json;
        try {
            json = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new BadRequestException("body: not valid JSON" + line + ": " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject() || !json.has("classify") || !json.get("classify").isBoolean()) {
            throw new BadRequestException("body: want {\"classify\": true} or {\"classify\": false}");
        }
        if (json.size() != 1) {
            throw new BadRequestException("body: only 'classify' can be set here; the policy is changed under "
                    + "/api/v1/policy");
        }
        String who = author == null || author.isBlank() ? "api" : author.trim();
        if (who.length() > MAX_AUTHOR) {
            throw new BadRequestException("author: at most " + MAX_AUTHOR + " characters");
        }
        return state(classification.set(json.get("classify").booleanValue(), who));
    }

    private Map<String, Object> state(Boolean changed) {
        Map<String, Object> out = new LinkedHashMap<>();
        boolean on = classification.isOn();
        out.put("classify", on);
        out.put("marking", on ? "by policy v" + policies.current().version().version()
                : "everything BEST_EFFORT (policy v" + policies.current().version().version() + " kept, not applied)");
        if (changed != null) {
            out.put("changed", changed);
        }
        return out;
    }
}
