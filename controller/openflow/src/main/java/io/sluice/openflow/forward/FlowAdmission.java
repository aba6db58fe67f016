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
import java.util.List;
import java.util.Optional;
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
 * it takes the new rule like every packet after it. Nothing is lost and nothing overtakes it.
 */
public final class FlowAdmission implements OpenFlowMessageListener {
    private static final Logger log = LoggerFactory.getLogger(FlowAdmission.class);
    private final FlowRuleService rules;
    private final FlowTracker tracker;
    private final ForwardingCounters counters;

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
        if (!(message instanceof OFPacketIn) || !sentToClassify(rules, sw, (OFPacketIn) message)) {
            return;
        }
        OFPacketIn pi = (OFPacketIn) message;
        long port = pi.getMatch().get(MatchField.IN_PORT).getPortNumber() & 0xFFFF_FFFFL;
        ConnectPoint ingress = ConnectPoint.of(sw.id(), port);
        byte[] frame = pi.getData();
        Optional<FlowKey> key = Ipv4FlowKeys.of(ingress, frame);
        if (key.isEmpty()) {
            counters.malformed.increment();
            log.debug("{}: not a well-formed IPv4 frame, dropped: {}", ingress, Frames.summary(frame));
            return;
        }
        tracker.admit(key.get()).whenComplete((ok, err) -> {
            if (err != null) {
                return; // the tracker logged it; the flow's next packet tries again
            }
            sw.write(List.of(sw.factory().buildPacketOut()
                    .setBufferId(OFBufferId.NO_BUFFER)
                    .setInPort(OFPort.of((int) port))
                    .setActions(List.of(sw.factory().actions().output(OFPort.TABLE, 0xFFFF)))
                    .setData(frame)
                    .build()));
        });
    }
}
