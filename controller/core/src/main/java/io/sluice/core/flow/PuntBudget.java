package io.sluice.core.flow;

/**
 * Which of the controller's budgets a packet sent to the controller counts against. Each target
 * limits each budget separately (OpenFlow: a meter per budget), so that a flood of one cannot
 * starve the other: a packet-in flood cannot stop discovery, and a spoofed LLDP flood cannot stop
 * packet-ins. Nothing goes to the controller outside a budget.
 */
public enum PuntBudget {
    /** Discovery frames (LLDP probes coming back across a link). */
    DISCOVERY,
    /** Everything else the controller must see: ARP, table misses, flows it classifies. */
    PACKET_IN
}
