package io.sluice.openflow.forward;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.impl.FlowTracker;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.OpenFlowMessageListener;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.flow.FlowRuleTranslator;
import io.sluice.openflow.packet.Frames;
import io.sluice.openflow.packet.Ipv4FlowKeys;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first packet of a flow that an edge port's classification sent up (a core rule in table 0
 * whose action is "to the controller"): the flow tracker classifies it and installs its exact
 * rule, then the packet goes back into the switch's tables (OFPP_TABLE, from its own in port), so
 * it takes the new rule like every packet after it. Packets of the flow that come up while its
 * rule is being written wait and go back in the order they came (up to {@value #MAX_WAITING}).
 */
public final class FlowAdmission implements OpenFlowMessageListener {
    private static final Logger log = LoggerFactory.getLogger(FlowAdmission.class);
    private final FlowRuleService rules;
    private final FlowTracker tracker;
    private final ForwardingCounters counters;
    /** Packets of flows whose rule is being written, in arrival order; per flow at most {@value #MAX_WAITING}. */
    private final Map<FlowKey, List<byte[]>> waiting = new HashMap<>();
    static final int MAX_WAITING = 64;

    public FlowAdmission(FlowRuleService rules, FlowTracker tracker, ForwardingCounters counters) {
        this.rules = rules;
        this.tracker = tracker;
        this.counters = counters;
    }

    /** Whether core rule {@code cookie} sent this packet-in to be classified here. */
    static boolean sentToClassify(FlowRuleService rules, OpenFlowSwitch sw, OFPacketIn pi) {
        long id = FlowRuleTranslator.ruleId(pi.getCookie());
        if (id < 0) {
            return false;
        }
        Optional<FlowRule> r = rules.installedRule(sw.id(), id).map(InstalledRule::rule);
        return r.isPresent() && r.get().table() == FlowTable.CLASSIFY && r.get().treatment().isToController();
    }

    @Override
    public void messageReceived(OpenFlowSwitch sw, OFMessage message) {
        if (!(message instanceof OFPacketIn) || FlowRuleTranslator.ruleId(((OFPacketIn) message).getCookie()) < 0) {
            return;
        }
        OFPacketIn pi = (OFPacketIn) message;
        if (!sentToClassify(rules, sw, pi)) {
            // A core rule's packet, but not one that classifies: a rule rewritten or removed meanwhile.
            counters.strayRulePacketIns.increment();
            return;
        }
        long port = pi.getMatch().get(MatchField.IN_PORT).getPortNumber() & 0xFFFF_FFFFL;
        ConnectPoint ingress = ConnectPoint.of(sw.id(), port);
        byte[] frame = pi.getData();
        Optional<FlowKey> key = Ipv4FlowKeys.of(ingress, frame);
        if (key.isEmpty()) {
            counters.malformed.increment();
            log.debug("{}: not a well-formed IPv4 frame, dropped: {}", ingress, Frames.summary(frame));
            return;
        }
        CompletableFuture<Void> admitted = tracker.admit(key.get());
        if (admitted.isDone()) {
            if (!admitted.isCompletedExceptionally()) {
                sendBack(sw, port, frame);
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
                queue.forEach(f -> sendBack(sw, port, f));
            });
        }
    }

    /** Into the switch's tables again, from the port it came in by: it takes the flow's new rule. */
    private static void sendBack(OpenFlowSwitch sw, long port, byte[] frame) {
        sw.send(sw.factory().buildPacketOut()
                .setBufferId(OFBufferId.NO_BUFFER)
                .setInPort(OFPort.of((int) port))
                .setActions(List.of(sw.factory().actions().output(OFPort.TABLE, 0xFFFF)))
                .setData(frame)
                .build());
    }
}
