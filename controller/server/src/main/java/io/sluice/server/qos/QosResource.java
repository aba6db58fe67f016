package io.sluice.server.qos;

import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.qos.QosProfile;
import io.sluice.core.qos.QueueProfile;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /api/v1/qos/profile?linkMbps=}: the egress queues the policy in force asks of a port of
 * that speed (default 1000 Mbit/s), with the DSCP that selects each: what OVS queues and the lab's
 * tc classes are built from, so both follow the policy.
 */
@Path("/api/v1/qos/profile")
@Produces(MediaType.APPLICATION_JSON)
public final class QosResource {
    private static final double DEFAULT_MBPS = 1000;
    private final PolicyService policies;

    public QosResource(PolicyService policies) {
        this.policies = policies;
    }

    @GET
    public Map<String, Object> profile(@QueryParam("linkMbps") String linkMbps) {
        double mbps = DEFAULT_MBPS;
        if (linkMbps != null && !linkMbps.isBlank()) {
            try {
                mbps = Double.parseDouble(linkMbps.trim());
            } catch (NumberFormatException e) {
                throw new BadRequestException("linkMbps: want a number of Mbit/s, got '" + linkMbps + "'");
            }
            if (!(mbps > 0) || mbps > 1e8) {
                throw new BadRequestException("linkMbps: must be above 0 and at most 100,000,000, got " + linkMbps);
            }
        }
        ActivePolicy now = policies.current();
        QosProfile p = QosProfile.of(now.policy(), Math.round(mbps * 1e6));
        List<Map<String, Object>> queues = new ArrayList<>();
        Map<Integer, Integer> dscpToQueue = new TreeMap<>();
        for (QueueProfile q : p.queues()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("queue", q.queue());
            m.put("class", q.trafficClass().name());
            m.put("dscp", q.dscp());
            m.put("minSharePercent", q.minSharePercent());
            m.put("maxSharePercent", q.maxSharePercent());
            m.put("minRateBps", q.minRateBps());
            m.put("maxRateBps", q.maxRateBps());
            m.put("priority", q.priority());
            m.put("scheduling", q.scheduling().name());
            queues.add(m);
            dscpToQueue.put(q.dscp(), q.queue());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("policyVersion", now.version().version());
        out.put("linkBps", p.linkBps());
        out.put("queues", queues);
        out.put("dscpToQueue", dscpToQueue);
        return out;
    }
}
