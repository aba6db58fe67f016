package io.sluice.openflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.openflow.session.CloseCause;
import io.sluice.openflow.session.RecordingTransport;
import io.sluice.openflow.session.SwitchReplies;
import io.sluice.openflow.session.SwitchSession;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.protocol.OFFactories;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.protocol.OFType;
import org.projectfloodlight.openflow.protocol.OFPortReason;
import org.projectfloodlight.openflow.protocol.OFPortDesc;
import org.projectfloodlight.openflow.protocol.OFVersion;
import org.projectfloodlight.openflow.types.MacAddress;
import org.projectfloodlight.openflow.types.OFPort;

/** The OpenFlow device provider: sessions in, core's inventory out. No network. */
class OpenFlowControllerTest {
    private static final OFFactory OF13 = OFFactories.getFactory(OFVersion.OF_13);
    private static final DeviceId A1 = Dpid.deviceId(0xa1);

    private final DeviceManager devices = new DeviceManager();
    private final OpenFlowController controller = new OpenFlowController(devices);
    private final AtomicLong clock = new AtomicLong();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void listen() {
        devices.addListener(e -> events.add(e.type().name()));
    }

    private SwitchSession connect(RecordingTransport transport, long dpid) {
        SwitchSession s = new SwitchSession(transport, controller, OpenFlowSettings.defaults(), clock::get, 1);
        SwitchReplies replies = new SwitchReplies();
        replies.dpid = dpid;
        replies.completeHandshake(s, transport);
        return s;
    }

    @Test
    void anActivatedSwitchIsInTheInventoryWithItsPortsAndDescription() {
        connect(new RecordingTransport(), 0xa1);
        Device d = devices.getDevice(A1).orElseThrow();
        assertThat(d.protocol()).isEqualTo("OpenFlow 1.3");
        assertThat(d.remoteAddress()).isEqualTo("192.0.2.1:40000");
        assertThat(d.description().manufacturer()).isEqualTo("Nicira, Inc.");
        assertThat(d.tableCount()).isEqualTo(254);
        assertThat(d.ports()).extracting(Port::name).containsExactly("eth1", "eth2");
        Port eth2 = d.port(2).orElseThrow();
        assertThat(eth2.adminUp()).isFalse();
        assertThat(eth2.linkUp()).isFalse();
        assertThat(eth2.currentSpeedKbps()).isEqualTo(10_000_000);
        assertThat(controller.getSwitch(A1)).isPresent();
    }

    @Test
    void portStatusReachesTheInventory() {
        SwitchSession s = connect(new RecordingTransport(), 0xa1);
        OFPortDesc eth3 = OF13.buildPortDesc().setPortNo(OFPort.of(3)).setName("eth3")
                .setHwAddr(MacAddress.of("02:00:00:00:00:03")).build();
        s.onMessage(OF13.buildPortStatus().setReason(OFPortReason.ADD).setDesc(eth3).build());
        s.onMessage(OF13.buildPortStatus().setReason(OFPortReason.DELETE).setDesc(eth3).build());
        assertThat(events).containsExactly("DEVICE_ADDED", "PORT_ADDED", "PORT_REMOVED");
    }

    @Test
    void aDisconnectRemovesTheSwitchAndIsCounted() {
        SwitchSession s = connect(new RecordingTransport(), 0xa1);
        s.onTransportClosed();
        assertThat(devices.getDevice(A1)).isEmpty();
        assertThat(controller.getSwitch(A1)).isEmpty();
        assertThat(controller.closedConnections()).containsEntry(CloseCause.CONNECTION_LOST, 1L);
    }

    @Test
    void aSecondConnectionWithTheSameDatapathIdIsRefusedAndTheFirstKeepsServing() {
        RecordingTransport first = new RecordingTransport("192.0.2.1:1");
        RecordingTransport second = new RecordingTransport("192.0.2.1:2");
        SwitchSession original = connect(first, 0xa1);
        SwitchSession duplicate = connect(second, 0xa1);

        assertThat(second.closed).isTrue();
        assertThat(duplicate.state()).isEqualTo(SwitchSession.State.CLOSED);
        assertThat(second.history).as("refused before it changed anything on the switch")
                .extracting(OFMessage::getType).containsOnly(OFType.HELLO, OFType.FEATURES_REQUEST);
        assertThat(first.closed).isFalse();
        assertThat(original.isConnected()).isTrue();
        assertThat(controller.getSwitch(A1)).containsSame(original);
        assertThat(devices.getDevice(A1).orElseThrow().remoteAddress()).isEqualTo("192.0.2.1:1");
        assertThat(events).as("the inventory never saw the duplicate").containsExactly("DEVICE_ADDED");
        assertThat(controller.closedConnections()).containsEntry(CloseCause.DUPLICATE_DATAPATH, 1L);
    }

    @Test
    void afterTheFirstConnectionDiesTheSwitchCanComeBack() {
        SwitchSession original = connect(new RecordingTransport("192.0.2.1:1"), 0xa1);
        original.onTransportClosed();
        SwitchSession again = connect(new RecordingTransport("192.0.2.1:3"), 0xa1);
        assertThat(controller.getSwitch(A1)).containsSame(again);
        assertThat(events).containsExactly("DEVICE_ADDED", "DEVICE_REMOVED", "DEVICE_ADDED");
    }
}
