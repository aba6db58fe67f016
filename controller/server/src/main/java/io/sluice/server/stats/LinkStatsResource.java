package io.sluice.server.stats;

import io.sluice.core.policy.TrafficClass;
import io.sluice.core.stats.LinkRate;
import io.sluice.core.stats.LinkStatsService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/stats/links}: every link's rate over the last polling interval, in its
 * direction, in total and per class, with its utilisation and the egress port's drops.
 */
@Path("/api/v1/stats/links")
@Produces(MediaType.APPLICATION_JSON)
public final class LinkStatsResource {
    private final LinkStatsService stats;

    public LinkStatsResource(LinkStatsService stats) {
        this.stats = stats;
    }

    @GET
    public LinksView links() {
        List<LinkView> out = stats.links().stream()
                .sorted(Comparator.comparing((LinkRate r) -> r.link().src().toString()))
                .map(LinkView::of).toList();
        return new LinksView(stats.interval().toMillis() / 1000.0, out);
    }

    public record LinksView(double pollIntervalSeconds, List<LinkView> links) {
    }

    public record LinkView(String src, String dst, long capacityBps, long bps, double utilisation,
            Map<String, Long> byClassBps, long dropsPerSecond, double measuredOverSeconds) {
        static LinkView of(LinkRate r) {
            Map<String, Long> byClass = new LinkedHashMap<>();
            for (TrafficClass c : TrafficClass.values()) {
                byClass.put(c.name(), r.bps(c));
            }
            return new LinkView(r.link().src().toString(), r.link().dst().toString(), r.link().capacityBps(), r.bps(),
                    Math.round(r.utilisation() * 10_000) / 10_000.0, byClass, r.dropsPerSecond(),
                    Math.round(r.intervalSeconds() * 1000) / 1000.0);
        }
    }
}
