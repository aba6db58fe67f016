package io.sluice.core.forward.impl;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowTrackingService;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.Ipv4FlowKeys;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketService;
import io.sluice.core.topology.ConnectPoint;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first packet of a flow that an edge port's classification sent up (a core rule in the classify
 * table whose action is "to the controller"): the flow tracker classifies it and installs its exact
 * rule, then the packet goes back into the switch's pipeline (from its own in port), so
 * it takes the new rule like every packet after it. Packets of the flow that come up while its
 * rule is being written wait and go back in the order they came (up to {@value #MAX_WAITING}).
 */
public final class FlowAdmission implements PacketProcessor {
    private static final Logger log = LoggerFactory.getLogger(FlowAdmission.class);
    private final PacketService packets;
    private final FlowTrackingService tracker;
    private final ForwardingCounters counters;
    /** Packets of flows whose rule is being written, in arrival order; per flow at most {@value #MAX_WAITING}. */
    private final Map<FlowKey, List<byte[]>> waiting = new HashMap<>();
    static final int MAX_WAITING = 64;

    public FlowAdmission(PacketService packets, FlowTrackingService tracker, ForwardingCounters counters) {
        this.packets = packets;
        this.tracker = tracker;
        this.counters = counters;
    }

    /**
     * A frame one of core's classifying edge rules sent up (the packet service checked the rule and
     * sends only those).
     */
    @Override
    public void process(InboundPacket packet) {
        ConnectPoint ingress = packet.receivedFrom();
        byte[] frame = packet.frame();
        Optional<FlowKey> key = Ipv4FlowKeys.of(ingress, frame);
        if (key.isEmpty()) {
            counters.malformed.increment();
            log.debug("{}: not a well-formed IPv4 frame, dropped: {}", ingress, Frames.summary(frame));
            return;
        }
        CompletableFuture<Void> admitted = tracker.admit(key.get());
        if (admitted.isDone()) {
            if (!admitted.isCompletedExceptionally()) {
                sendBack(ingress, frame);
            } else {
                counters.flowPacketsNotAdmitted.increment();
            }
            return;
        }
        // Its rule is being written: this packet waits with the others of its flow, to go back in order.
        boolean first;
        synchronized (waiting) {
            List<byte[]> queue = waiting.computeIfAbsent(key.get(), k -> new ArrayList<>());
            first = queue.isEmpty();
            if (queue.size() < MAX_WAITING) {
                queue.add(frame);
            } else {
                counters.flowPacketsNotAdmitted.increment();
            }
        }
        if (first) {
            admitted.whenComplete((ok, err) -> {
                List<byte[]> queue;
                synchronized (waiting) {
                    queue = waiting.remove(key.get());
                }
                if (err != null) {
                    counters.flowPacketsNotAdmitted.add(queue.size());
                    return; // the tracker logged it; the flow's next packet tries again
                }
                counters.flowsAdmitted.increment();
                queue.forEach(f -> sendBack(ingress, f));
            });
        }
    }

    /** Into the switch's pipeline again, from the port it came in by: it takes the flow's new rule. */
    private void sendBack(ConnectPoint ingress, byte[] frame) {
        packets.emit(OutboundPacket.intoPipeline(ingress, frame));
    }
}
