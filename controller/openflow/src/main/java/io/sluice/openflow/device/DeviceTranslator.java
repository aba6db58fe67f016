package io.sluice.openflow.device;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceDescription;
import io.sluice.core.net.MacAddress;
import io.sluice.core.device.Port;
import io.sluice.openflow.session.SwitchSession;
import org.projectfloodlight.openflow.protocol.OFDescStatsReply;
import org.projectfloodlight.openflow.protocol.OFPortConfig;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFPortState;

/** OpenFlow's description of a switch and its ports, in core's protocol-neutral terms. */
public final class DeviceTranslator {
    static final String PROTOCOL = "OpenFlow 1.3";

    private DeviceTranslator() {
    }

    public static Device toDevice(SwitchSession session) {
        OFDescStatsReply d = session.description();
        Device.Builder b = Device.builder(session.id())
                .protocol(PROTOCOL)
                .remoteAddress(session.remoteAddress())
                .connectedSince(session.connectedSince())
                .tableCount(session.features().getNTables() & 0xFF)
                .description(DeviceDescription.of(d.getMfrDesc(), d.getHwDesc(), d.getSwDesc(), d.getSerialNum(),
                        d.getDpDesc()));
        session.ports().forEach(p -> b.port(toPort(p)));
        return b.build();
    }

    public static Port toPort(OFPortDesc p) {
        return Port.builder(portNumber(p))
                .name(p.getName())
                .hwAddress(MacAddress.of(p.getHwAddr().getLong()))
                .adminUp(!p.getConfig().contains(OFPortConfig.PORT_DOWN))
                .linkUp(!p.getState().contains(OFPortState.LINK_DOWN))
                .currentSpeedKbps(p.getCurrSpeed())
                .maxSpeedKbps(p.getMaxSpeed())
                .build();
    }

    /** OpenFlow port numbers are unsigned 32-bit. */
    public static long portNumber(OFPortDesc p) {
        return p.getPortNo().getPortNumber() & 0xFFFF_FFFFL;
    }
}
