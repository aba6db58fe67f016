package io.sluice.openflow.pipeline;

import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.PuntBudget;
import io.sluice.core.pipeline.BaseRule;
import java.util.Optional;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/**
 * Core's pipeline ({@link io.sluice.core.pipeline.Pipeline}) in OpenFlow 1.3 terms: the one place
 * this module says which table number each of core's tables is, which meter each punt budget is,
 * and which cookie each base rule carries. Everything that writes a table id, a meter instruction
 * or a base rule's cookie goes through here; priorities, matches and what goes to the controller
 * are core's.
 *
 * <pre>
 * CLASSIFY  table 0        PACKET_IN  meter 1 (packetInRate)    LLDP           cookie 0x51ce000000000001
 * ROUTE     table 1        DISCOVERY  meter 2 (lldpRate)        ARP            cookie 0x51ce000000000002
 *                                                               CLASSIFY_MISS  cookie 0x51ce000000000003
 *                                                               ROUTE_MISS     cookie 0x51ce000000000004
 * </pre>
 *
 * <p>Every rule Sluice writes has a cookie starting "51ce"; the next 16 bits are its kind: 0 for
 * base rules (the low bits name the rule, so a rule read back from a switch says why it is there),
 * 1 for rules core decided (the low 32 bits are core's rule id).
 */
public final class OpenFlowPipeline {
    /** {@link FlowTable#CLASSIFY}: table 0, where every packet starts. */
    public static final TableId CLASSIFY_TABLE = TableId.of(0);
    /** {@link FlowTable#ROUTE}: table 1. */
    public static final TableId ROUTE_TABLE = TableId.of(1);
    /** {@link PuntBudget#PACKET_IN}: meter 1, at {@code packetInRate}. */
    public static final long PACKET_IN_METER = 1;
    /** {@link PuntBudget#DISCOVERY}: meter 2, at {@code lldpRate}. */
    public static final long DISCOVERY_METER = 2;
    /** High 16 bits of every cookie Sluice sets ("51ce"), kind 0: a base rule's cookie with its number 0. */
    public static final U64 COOKIE = U64.of(0x51CE_0000_0000_0000L);
    /** The high 32 bits of a cookie: "51ce" then a kind, 0 for base rules, 1 for rules core decided. */
    public static final U64 COOKIE_KIND_MASK = U64.of(0xFFFF_FFFF_0000_0000L);

    private OpenFlowPipeline() {
    }

    /** The OpenFlow table that holds core's {@code table}. */
    public static TableId tableId(FlowTable table) {
        return switch (table) {
            case CLASSIFY -> CLASSIFY_TABLE;
            case ROUTE -> ROUTE_TABLE;
        };
    }

    /**
     * The meter that bounds {@code budget} on a switch with the base pipeline's meters (a switch
     * without them sends packets up unmetered: see {@link BasePipeline}).
     */
    public static long meterId(PuntBudget budget) {
        return switch (budget) {
            case PACKET_IN -> PACKET_IN_METER;
            case DISCOVERY -> DISCOVERY_METER;
        };
    }

    /** The cookie of {@code rule} on every switch: {@link #COOKIE} plus the rule's number. */
    public static U64 cookie(BaseRule rule) {
        // Numbered here, not by declaration order: a cookie read back must keep its meaning.
        long number = switch (rule) {
            case LLDP -> 1;
            case ARP -> 2;
            case CLASSIFY_MISS -> 3;
            case ROUTE_MISS -> 4;
        };
        return U64.of(COOKIE.getValue() | number);
    }

    /** The base rule whose cookie this is; empty for any other cookie. */
    public static Optional<BaseRule> baseRule(U64 cookie) {
        if (!cookie.and(COOKIE_KIND_MASK).equals(COOKIE)) {
            return Optional.empty();
        }
        for (BaseRule r : BaseRule.values()) {
            if (cookie(r).equals(cookie)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
