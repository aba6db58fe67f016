package io.sluice.core.classify;

/**
 * Decides a flow's class. In this order: the highest-priority rule that matches; else behaviour
 * (an elephant by the policy's thresholds); else the DSCP it carries, if it entered at a port
 * whose marking is trusted and the DSCP is a class's (DSCP 0, unmarked, never counts); else the
 * policy's default class.
 * Implementations are immutable and safe to share between threads.
 */
public interface Classifier {
    Classification classify(FlowKey flow, FlowObservations observations);

    /** The explicit rule alone: the id of the highest-priority rule that matches, or null. */
    String matchingRule(FlowKey flow);
}
