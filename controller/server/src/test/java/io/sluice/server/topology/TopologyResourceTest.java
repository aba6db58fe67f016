package io.sluice.server.topology;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.net.MacAddress;
import io.sluice.core.topology.ConnectPoint;
import io.sluice.core.topology.IpSource;
import io.sluice.core.topology.PortSpeedOverrides;
import io.sluice.core.topology.impl.TopologyManager;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class TopologyResourceTest {
    private static final DeviceId S1 = Dpid.deviceId(0x201);
    private static final DeviceId S2 = Dpid.deviceId(0x101);
    private static final DeviceManager devices = new DeviceManager();
    private static final TopologyManager topology = new TopologyManager(devices, PortSpeedOverrides.NONE,
            Clock.systemUTC());
    private static final ResourceExtension api = ResourceExtension.builder()
            .addResource(new TopologyResource(topology)).build();

    @BeforeAll
    static void fabric() {
        topology.activate();
        for (DeviceId id : new DeviceId[] {S1, S2}) {
            devices.deviceConnected(Device.builder(id).protocol("OpenFlow 1.3").connectedSince(Instant.EPOCH)
                    .port(Port.builder(1).currentSpeedKbps(10_000_000).build())
                    .port(Port.builder(3).currentSpeedKbps(10_000_000).build()).build());
        }
        topology.linkDetected(ConnectPoint.of(S1, 1), ConnectPoint.of(S2, 1));
        topology.linkDetected(ConnectPoint.of(S2, 1), ConnectPoint.of(S1, 1));
        topology.hostSeen(MacAddress.parse("02:00:00:00:01:01"), 0, Ip4Address.parse("10.0.1.1"), IpSource.ARP,
                ConnectPoint.of(S1, 3));
    }

    @Test
    void theTopologyIsOneSnapshotWithItsVersion() {
        JsonNode t = api.target("/api/v1/topology").request().get(JsonNode.class);
        assertThat(t.get("version").asLong()).isEqualTo(topology.currentTopology().version());
        assertThat(t.get("switches")).hasSize(2);
        assertThat(t.get("links")).hasSize(2);
        assertThat(t.get("hosts")).hasSize(1);
    }

    @Test
    void linksShowBothEndsAndCapacity() {
        JsonNode links = api.target("/api/v1/links").request().get(JsonNode.class);
        assertThat(links.get("count").asInt()).isEqualTo(2);
        JsonNode first = links.get("links").get(0);
        assertThat(first.get("src").get("device").asText()).isEqualTo("of:0000000000000101");
        assertThat(first.get("src").get("port").asLong()).isEqualTo(1);
        assertThat(first.get("dst").get("device").asText()).isEqualTo("of:0000000000000201");
        assertThat(first.get("capacityBps").asLong()).isEqualTo(10_000_000_000L);
    }

    @Test
    void hostsAreFoundByMacOrIp() {
        for (String key : new String[] {"02:00:00:00:01:01", "10.0.1.1"}) {
            JsonNode found = api.target("/api/v1/hosts/" + key).request().get(JsonNode.class);
            assertThat(found.get("count").asInt()).as(key).isEqualTo(1);
            JsonNode h = found.get("hosts").get(0);
            assertThat(h.get("mac").asText()).isEqualTo("02:00:00:00:01:01");
            assertThat(h.get("ips").get(0).asText()).isEqualTo("10.0.1.1");
            assertThat(h.get("location").get("device").asText()).isEqualTo("of:0000000000000201");
            assertThat(h.get("location").get("port").asLong()).isEqualTo(3);
            assertThat(h.get("lastSeen").asText()).isNotBlank();
        }
        assertThat(api.target("/api/v1/hosts").request().get(JsonNode.class).get("count").asInt()).isEqualTo(1);
    }

    @Test
    void anUnknownHostIs404AndAMalformedKey400() {
        Response missing = api.target("/api/v1/hosts/10.9.9.9").request().get();
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.readEntity(JsonNode.class).get("message").asText()).contains("10.9.9.9");
        Response bad = api.target("/api/v1/hosts/10.0.0.999").request().get();
        assertThat(bad.getStatus()).isEqualTo(400);
        assertThat(bad.readEntity(JsonNode.class).get("message").asText()).startsWith("key:");
        assertThat(api.target("/api/v1/hosts/h1").request().get().getStatus()).isEqualTo(400);
    }
}
