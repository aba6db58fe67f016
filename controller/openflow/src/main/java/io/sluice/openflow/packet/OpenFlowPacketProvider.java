package io.sluice.openflow.packet;

import io.sluice.core.device.DeviceId;
import io.sluice.core.packet.InboundPacket;
import io.sluice.core.packet.OutboundPacket;
import io.sluice.core.packet.PacketProvider;
import io.sluice.core.packet.PacketProviderService;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.openflow.OpenFlowMessageListener;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.flow.FlowRuleTranslator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketIn;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFBufferId;
import org.projectfloodlight.openflow.types.OFPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenFlow packet provider, translation only: a PACKET_IN becomes an {@link InboundPacket} (its
 * in port, its frame, and the core rule its cookie names, if any), and an {@link OutboundPacket}
 * becomes a PACKET_OUT (out of ports as it is, or into the tables with OFPP_TABLE from its in port).
 */
public final class OpenFlowPacketProvider implements PacketProvider, OpenFlowMessageListener {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowPacketProvider.class);
    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;
    private volatile PacketProviderService core;

    /** @param switches the connected switch with a datapath id, if any */
    public OpenFlowPacketProvider(Function<DeviceId, Optional<OpenFlowSwitch>> switches) {
        this.switches = switches;
    }

    /** Packet-ins received from now on go to {@code core}; null stops reporting them. */
    public void reportTo(PacketProviderService core) {
        this.core = core;
    }

    @Override
    public void messageReceived(OpenFlowSwitch sw, OFMessage message) {
        PacketProviderService to = core;
        if (!(message instanceof OFPacketIn) || to == null) {
            return;
        }
        OFPacketIn pi = (OFPacketIn) message;
        OFPort inPort = pi.getMatch().get(MatchField.IN_PORT);
        if (inPort == null) {
            log.debug("switch {}: packet-in without an in_port, dropped", sw.id());
            return;
        }
        ConnectPoint at = ConnectPoint.of(sw.id(), inPort.getPortNumber() & 0xFFFF_FFFFL);
        long rule = FlowRuleTranslator.ruleId(pi.getCookie());
        to.packetReceived(rule < 0 ? InboundPacket.of(at, pi.getData()) : InboundPacket.fromRule(at, pi.getData(), rule));
    }

    @Override
    public boolean emit(OutboundPacket packet) {
        Optional<OpenFlowSwitch> sw = switches.apply(packet.device());
        if (sw.isEmpty()) {
            return false;
        }
        OpenFlowSwitch s = sw.get();
        if (packet.isIntoPipeline()) {
            s.send(s.factory().buildPacketOut()
                    .setBufferId(OFBufferId.NO_BUFFER)
                    .setInPort(OFPort.of((int) packet.inPort().port()))
                    .setActions(List.of(s.factory().actions().output(OFPort.TABLE, 0xFFFF)))
                    .setData(packet.frame())
                    .build());
        } else {
            s.send(PacketOuts.toPorts(s.factory(), packet.ports(), packet.frame()));
        }
        return true;
    }
}
