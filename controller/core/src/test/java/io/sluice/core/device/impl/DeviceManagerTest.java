package io.sluice.core.device.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceManagerTest {
    private static final DeviceId S1 = Ids.of(1);
    private static final DeviceId S2 = Ids.of(2);

    private final DeviceManager manager = new DeviceManager();
    private final List<String> events = new ArrayList<>();

    @BeforeEach
    void listen() {
        manager.addListener(e -> events.add(e.type() + " " + Long.parseLong(e.subject().id().uri().substring(3), 16)
                + e.port().map(p -> " port " + p.number()).orElse("")));
    }

    private static Device device(DeviceId id, Port... ports) {
        return Device.builder(id).protocol("OpenFlow 1.3").remoteAddress("127.0.0.1:1").connectedSince(Instant.EPOCH)
                .ports(List.of(ports)).build();
    }

    private static Port port(long number, boolean linkUp) {
        return Port.builder(number).name("eth" + number).linkUp(linkUp).build();
    }

    @Test
    void listsConnectedSwitchesInDatapathIdOrder() {
        manager.deviceConnected(device(S2));
        manager.deviceConnected(device(S1));
        assertThat(manager.getDevices()).extracting(Device::id).containsExactly(S1, S2);
        assertThat(events).containsExactly("DEVICE_ADDED 2", "DEVICE_ADDED 1");
    }

    @Test
    void reconnectOfTheSameSwitchIsARemovalThenAnAddition() {
        manager.deviceConnected(device(S1, port(1, true)));
        manager.deviceConnected(device(S1, port(2, true)));
        assertThat(events).containsExactly("DEVICE_ADDED 1", "DEVICE_REMOVED 1", "DEVICE_ADDED 1");
        assertThat(manager.getDevice(S1).orElseThrow().ports()).extracting(Port::number).containsExactly(2L);
    }

    @Test
    void portChangesProduceOneEventEachAndNothingWhenUnchanged() {
        manager.deviceConnected(device(S1, port(1, true)));
        manager.portUpdated(S1, port(1, true));
        manager.portUpdated(S1, port(1, false));
        manager.portUpdated(S1, port(2, true));
        manager.portRemoved(S1, 1);
        manager.portRemoved(S1, 1);
        assertThat(events).containsExactly("DEVICE_ADDED 1", "PORT_UPDATED 1 port 1", "PORT_ADDED 1 port 2",
                "PORT_REMOVED 1 port 1");
        assertThat(manager.getDevice(S1).orElseThrow().ports()).extracting(Port::number).containsExactly(2L);
    }

    @Test
    void reportsAboutUnknownSwitchesAreIgnored() {
        manager.portUpdated(S1, port(1, true));
        manager.portRemoved(S1, 1);
        manager.deviceDisconnected(S1);
        assertThat(events).isEmpty();
        assertThat(manager.getDevices()).isEmpty();
    }

    @Test
    void disconnectRemovesTheSwitchAndCarriesItsLastState() {
        manager.deviceConnected(device(S1, port(1, true)));
        List<DeviceEvent> removed = new ArrayList<>();
        manager.addListener(removed::add);
        manager.deviceDisconnected(S1);
        assertThat(manager.getDevice(S1)).isEmpty();
        assertThat(removed).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(DeviceEvent.Type.DEVICE_REMOVED);
            assertThat(e.subject().ports()).hasSize(1);
        });
    }

    @Test
    void aFailingListenerDoesNotKeepTheEventFromOthers() {
        DeviceManager m = new DeviceManager();
        List<DeviceEvent> seen = new ArrayList<>();
        m.addListener(e -> {
            throw new IllegalStateException("boom");
        });
        m.addListener(seen::add);
        m.deviceConnected(device(S1));
        assertThat(seen).hasSize(1);
    }

    @Test
    void snapshotsHandedOutNeverChange() {
        manager.deviceConnected(device(S1, port(1, true)));
        Device before = manager.getDevice(S1).orElseThrow();
        manager.portUpdated(S1, port(2, true));
        assertThat(before.ports()).hasSize(1);
        assertThat(manager.getDevice(S1).orElseThrow().ports()).hasSize(2);
    }
}
