package io.sluice.server.flows;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.route.InstalledPaths;
import io.sluice.core.topology.Host;
import io.sluice.core.topology.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The rules a flow meets on each switch of its way, as JSON-ready maps, for the explain endpoints. */
public final class InstalledRulesView {
    private InstalledRulesView() {
    }

    /**
     * @param edge the rule that classifies the flow at its ingress, if known
     * @param dscp the DSCP it carries from there on
     * @return per switch: its id and the rules (table, priority, match, actions, reason); or one
     *     entry naming why there is no way to show (unknown destination)
     */
    public static List<Map<String, Object>> of(Topology t, FlowRuleService rules, DeviceId ingress,
            Optional<FlowRule> edge, Ip4Address dst, int dscp) {
        List<Host> hosts = t.hostsByIp(dst);
        if (hosts.isEmpty()) {
            return List.of(Map.of("note", "no host with address " + dst + " is known: no route to follow"));
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (InstalledPaths.Hop hop : InstalledPaths.walk(t, rules, ingress, edge.map(List::of).orElse(List.of()),
                hosts.get(0), dscp)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("switch", hop.device().toString());
            List<Map<String, Object>> rs = new ArrayList<>();
            for (FlowRule r : hop.rules()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("table", r.table().position());
                one.put("priority", r.priority());
                one.put("match", r.selector().toString());
                one.put("actions", r.treatment().toString());
                one.put("reason", r.reason());
                if (r.idleTimeoutSeconds() > 0) {
                    one.put("idleTimeoutSeconds", r.idleTimeoutSeconds());
                }
                rs.add(one);
            }
            m.put("rules", rs);
            out.add(m);
        }
        return out;
    }
}
