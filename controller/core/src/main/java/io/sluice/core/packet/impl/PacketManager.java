package io.sluice.core.packet.impl;

import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.packet.Frames;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketDispatch;
import io.sluice.core.packet.PacketProcessor;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.packet.PacketService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packet service: every frame a southbound reports is dispatched as {@link PacketDispatch}
 * says, and frames core sends go to the southbound's {@link PacketProvider}. Whether a frame that
 * a core rule sent up is flow admission's is decided here, from the rule as the switch confirmed
 * it, so no handler needs to know another's frames.
 */
public final class PacketManager implements PacketService, PacketProviderService {
    private static final Logger log = LoggerFactory.getLogger(PacketManager.class);
    private final PacketProvider provider;
    private final FlowRuleService rules;
    private volatile PacketDispatch dispatch = PacketDispatch.none();
    private final LongAdder received = new LongAdder();
    private final LongAdder discovery = new LongAdder();
    private final LongAdder arp = new LongAdder();
    private final LongAdder admission = new LongAdder();
    private final LongAdder unrouted = new LongAdder();
    private final LongAdder strayRule = new LongAdder();
    private final LongAdder faults = new LongAdder();

    public PacketManager(PacketProvider provider, FlowRuleService rules) {
        this.provider = provider;
        this.rules = rules;
    }

    /** Starts (or stops, with {@link PacketDispatch#none()}) handing frames to their processors. */
    public void dispatchTo(PacketDispatch dispatch) {
        this.dispatch = dispatch;
    }

    @Override
    public void packetReceived(InboundPacket packet) {
        received.increment();
        PacketDispatch d = dispatch;
        int type = packet.etherType();
        if (type == Frames.LLDP || type == Frames.BDDP) {
            discovery.increment();
            run(d.linkDiscovery(), "link discovery", packet);
            return;
        }
        run(d.hostLearning(), "host learning", packet);
        if (type == Frames.ARP) {
            arp.increment();
            run(d.arp(), "ARP handling", packet);
        } else if (packet.sentByRule().isPresent()) {
            if (sentToClassify(packet)) {
                admission.increment();
                run(d.flowAdmission(), "flow admission", packet);
            } else {
                // A core rule's packet, but not one that classifies: a rule rewritten or removed meanwhile.
                strayRule.increment();
                log.debug("{}: sent up by rule {}, which does not classify (any more): dropped", packet.receivedFrom(),
                        packet.sentByRule().getAsLong());
            }
        } else {
            unrouted.increment();
            run(d.unrouted(), "unrouted frames", packet);
        }
    }

    /** Whether the core rule that sent the packet up is an edge rule that hands flows to the controller. */
    private boolean sentToClassify(InboundPacket packet) {
        OptionalLong id = packet.sentByRule();
        Optional<FlowRule> r = rules.installedRule(packet.receivedFrom().deviceId(), id.getAsLong())
                .map(InstalledRule::rule);
        return r.isPresent() && r.get().table() == FlowTable.CLASSIFY && r.get().treatment().isToController();
    }

    private void run(PacketProcessor processor, String role, InboundPacket packet) {
        try {
            processor.process(packet);
        } catch (RuntimeException e) {
            // One faulty handler must not cost the switch its session, nor the other handlers the frame.
            faults.increment();
            log.error("{}: {} failed on {}", packet.receivedFrom(), role, packet, e);
        }
    }

    @Override
    public boolean emit(OutboundPacket packet) {
        boolean sent = provider.emit(packet);
        if (!sent) {
            log.debug("{}: not connected, frame not sent: {}", packet.device(), packet);
        }
        return sent;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("received", received.sum());
        out.put("linkDiscovery", discovery.sum());
        out.put("arp", arp.sum());
        out.put("flowAdmission", admission.sum());
        out.put("unrouted", unrouted.sum());
        out.put("strayRulePackets", strayRule.sum());
        out.put("handlerFaults", faults.sum());
        return out;
    }
}
