package io.sluice.server.route;

import io.sluice.core.route.RoutingRun;

/** One route recomputation as the REST API shows it. */
public record RunView(long topologyVersion, String trigger, String triggeredAt, String finishedAt, int ruleWrites,
        int switches, double computeMillis, double eventToLastBarrierMillis, boolean complete) {
    public static RunView of(RoutingRun r) {
        return new RunView(r.topologyVersion(), r.trigger(), r.triggeredAt().toString(), r.finishedAt().toString(),
                r.writes(), r.switches(), r.computeNanos() / 1e6, r.totalNanos() / 1e6, r.complete());
    }
}
