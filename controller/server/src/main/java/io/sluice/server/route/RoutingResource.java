package io.sluice.server.route;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceService;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.route.RouteService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/routing}: how many rules routing holds on each switch, and the recent route
 * recomputations with what triggered each, how many rules it wrote and how long it took.
 */
@Path("/api/v1/routing")
@Produces(MediaType.APPLICATION_JSON)
public final class RoutingResource {
    private final DeviceService devices;
    private final FlowRuleService rules;
    private final RouteService routes;

    public RoutingResource(DeviceService devices, FlowRuleService rules, RouteService routes) {
        this.devices = devices;
        this.rules = rules;
        this.routes = routes;
    }

    @GET
    public RoutingView routing() {
        Map<String, Integer> perSwitch = new LinkedHashMap<>();
        for (Device d : devices.getDevices()) {
            perSwitch.put(d.id().toString(), rules.installedRules(d.id()).size());
        }
        return new RoutingView(perSwitch, routes.recentRuns().stream().map(RunView::of).toList());
    }

    /** The answer: rules by switch (datapath-id order) and runs, oldest first. */
    public record RoutingView(Map<String, Integer> rulesPerSwitch, List<RunView> recentRuns) {
    }
}
