package io.sluice.openflow.discovery;

import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.impl.TopologyManager;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSettings;
import io.sluice.openflow.session.RecordingTransport;
import io.sluice.openflow.session.SwitchReplies;
import io.sluice.openflow.session.SwitchSession;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFPacketInReason;
import org.projectfloodlight.openflow.protocol.OFPacketOut;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.protocol.action.OFActionOutput;
import org.projectfloodlight.openflow.protocol.match.MatchField;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;

/**
 * Switch sessions wired by cables that exist only in memory: a packet-out on one end of a cable
 * comes back as a packet-in at the other end, as a real switch's LLDP rule would send it. For
 * unit tests of discovery logic; the real thing is tested on Open vSwitch in the tests module.
 */
final class InMemoryFabric {
    static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);

    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    final DeviceManager devices = new DeviceManager();
    final TopologyManager topology;
    final OpenFlowController openflow = new OpenFlowController(devices);
    private final Map<DeviceId, SwitchSession> sessions = new HashMap<>();
    private final Map<DeviceId, RecordingTransport> transports = new HashMap<>();
    private final Map<ConnectPoint, ConnectPoint> cables = new HashMap<>();
    /** Every frame sent out of a port with no cable, by port: what a host there would hear. */
    final Map<ConnectPoint, List<byte[]>> heardByHosts = new HashMap<>();

    InMemoryFabric() {
        this(Clock.systemUTC());
    }

    InMemoryFabric(Clock clock) {
        topology = new TopologyManager(devices, PortSpeedOverrides.NONE, clock);
        topology.activate();
    }

    /** Connects a switch with ports 1..ports, all up. */
    SwitchSession connect(long dpid, int ports) {
        RecordingTransport t = new RecordingTransport("192.0.2." + dpid + ":6653");
        SwitchSession s = new SwitchSession(t, openflow, OpenFlowSettings.defaults(), nanos::get, 1);
        SwitchReplies replies = new SwitchReplies();
        replies.dpid = dpid;
        List<OFPortDesc> descs = new ArrayList<>();
        for (int p = 1; p <= ports; p++) {
            descs.add(SwitchReplies.port(p, "s" + dpid + "-eth" + p, true));
        }
        replies.ports = descs;
        sessions.put(DeviceId.of(dpid), s);
        transports.put(DeviceId.of(dpid), t);
        replies.completeHandshake(s, t);
        return s;
    }

    void cable(ConnectPoint a, ConnectPoint b) {
        cables.put(a, b);
        cables.put(b, a);
    }

    void cut(ConnectPoint a) {
        cables.remove(cables.remove(a));
    }

    /** Delivers every packet-out sent so far across its cable; returns how many arrived somewhere. */
    int pump() {
        int delivered = 0;
        for (Map.Entry<DeviceId, RecordingTransport> e : transports.entrySet()) {
            for (OFMessage m : e.getValue().drain()) {
                if (m instanceof OFPacketOut) {
                    OFPacketOut po = (OFPacketOut) m;
                    long port = ((OFActionOutput) po.getActions().get(0)).getPort().getPortNumber() & 0xFFFF_FFFFL;
                    ConnectPoint out = ConnectPoint.of(e.getKey(), port);
                    ConnectPoint peer = cables.get(out);
                    if (peer == null) {
                        heardByHosts.computeIfAbsent(out, k -> new ArrayList<>()).add(po.getData());
                    } else {
                        inject(peer, po.getData());
                        delivered++;
                    }
                }
            }
        }
        return delivered;
    }

    /** A frame entering the fabric at {@code at}, as the switch reports it to the controller. */
    void inject(ConnectPoint at, byte[] frame) {
        sessions.get(at.deviceId()).onMessage(OF13.buildPacketIn()
                .setReason(OFPacketInReason.ACTION)
                .setTableId(TableId.of(0))
                .setMatch(OF13.buildMatch().setExact(MatchField.IN_PORT, OFPort.of((int) at.port())).build())
                .setData(frame)
                .build());
    }

    /** Pumps until nothing moves (a probe can trigger a reverse probe). */
    void settle() {
        for (int i = 0; i < 10 && pump() > 0; i++) {
            // keep going
        }
    }
}
