package io.sluice.core.pipeline;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The Sluice pipeline on a switch, described once for every target (the design's "Pipeline on a
 * switch" and "One core, three targets"): its tables, the priority bands each table is divided
 * into, and the base rules every switch holds before any host or policy is known. Core's rule
 * makers take their priorities from here; southbounds map this description to their own terms and
 * never redefine it (the OpenFlow module: tables to table numbers, punt budgets to meters, base
 * rules to cookies).
 *
 * <p><b>Tables</b>, in the order a packet meets them ({@link FlowTable}):
 * {@link FlowTable#CLASSIFY}, where edge ports give a packet its class (the class's DSCP) from the
 * policy and fabric ports trust the DSCP already set, then {@link FlowTable#ROUTE}, where the
 * destination host (and the class's DSCP) picks the way out and the class's queue.
 *
 * <p><b>Priority bands</b>, highest first in each table ({@link PriorityBand}):
 *
 * <pre>
 * CLASSIFY  60000        base rule: LLDP to the controller (discovery budget)
 *           50000        base rule: ARP to the controller (packet-in budget)
 *           49950        per-flow exact rules the controller decided (5-tuple, idle timeout)
 *           100..49899   policy entries: 100 + the policy rule's own priority
 *           11 / 10      port defaults: IPv4 / anything else, per port
 *           0            base rule: table-miss to the controller
 * ROUTE     1100         class routes: a host's MAC and VLAN, and a class's DSCP
 *           1000         host routes: a host's MAC and VLAN, any DSCP (the default class)
 *           0            base rule: table-miss to the controller
 * </pre>
 *
 * <p>Why this order. LLDP and ARP sit above everything, so that no policy or per-flow rule can
 * keep discovery or ARP from the controller (the controller answers ARP or delivers it to edge
 * ports: ARP never crosses the fabric's loops); LLDP above ARP, in a budget of its own. The
 * controller's per-flow rules come next, above every policy entry: a flow reached the controller
 * because no entry on the switch could decide it, and the controller decided it with the whole
 * policy. Policy entries keep the policy's own order (higher priority first, as the classifier
 * decides), packed into consecutive priorities only if the policy's would leave the band. Port
 * defaults catch, per port, what no entry matched: IPv4 one above the rest, since only IPv4 has a
 * DSCP to set. Table-miss, at 0, sends whatever no rule matched to the controller rather than
 * dropping it. In ROUTE, a class's own route lies above the host's catch-all, which carries
 * anything without a class DSCP as the default class. Bands of one table never overlap; the
 * numbers of different tables are unrelated.
 *
 * <p><b>Base rules</b> ({@link BaseRule}): the rules of the bands marked "base rule" above.
 * They are not routing's: they are never in the {@link io.sluice.core.flow.FlowRuleService}
 * record and never in a routing run's diff, and no rule routing makes falls in their bands
 * ({@link PriorityBand#isBase()}). A southbound installs them when a switch connects.
 */
public final class Pipeline {
    /** CLASSIFY: the LLDP base rule. */
    public static final int LLDP_PRIORITY = 60_000;
    /** CLASSIFY: the ARP base rule. */
    public static final int ARP_PRIORITY = 50_000;
    /** CLASSIFY: a flow the controller classified, one exact rule each. */
    public static final int FLOW_PRIORITY = 49_950;
    /** CLASSIFY: the highest priority a policy entry may take. */
    public static final int POLICY_MAX_PRIORITY = 49_899;
    /** CLASSIFY: a policy entry's priority is this plus the policy rule's own priority. */
    public static final int POLICY_BASE_PRIORITY = 100;
    /** CLASSIFY: a port's default for IPv4 (marked with the default class, or sent up to classify). */
    public static final int PORT_IPV4_DEFAULT_PRIORITY = 11;
    /** CLASSIFY: a port's default for anything else (on to routing). */
    public static final int PORT_DEFAULT_PRIORITY = 10;
    /** ROUTE: a host's route for one class (its DSCP). */
    public static final int CLASS_ROUTE_PRIORITY = 1_100;
    /** ROUTE: a host's route for anything else (room above for class routes). */
    public static final int HOST_ROUTE_PRIORITY = 1_000;
    /** Either table: the table-miss base rule. */
    public static final int TABLE_MISS_PRIORITY = 0;

    private Pipeline() {
    }

    /** The base rules of {@code device}, in {@link BaseRule}'s order. */
    public static List<FlowRule> baseRules(DeviceId device) {
        List<FlowRule> out = new ArrayList<>();
        for (BaseRule r : BaseRule.values()) {
            out.add(r.on(device));
        }
        return out;
    }
}
