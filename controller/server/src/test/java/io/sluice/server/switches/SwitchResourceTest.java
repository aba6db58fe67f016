package io.sluice.server.switches;

import io.sluice.openflow.Dpid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceDescription;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.Port;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.net.MacAddress;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class SwitchResourceTest {
    private static final DeviceManager devices = new DeviceManager();
    private static final ResourceExtension api = ResourceExtension.builder()
            .addResource(new SwitchResource(devices)).build();

    @BeforeEach
    void oneSwitch() {
        devices.deviceDisconnected(Dpid.deviceId(0xa1));
        devices.deviceConnected(Device.builder(Dpid.deviceId(0xa1))
                .protocol("OpenFlow 1.3")
                .remoteAddress("127.0.0.1:50000")
                .connectedSince(Instant.parse("2026-11-24T10:00:00Z"))
                .tableCount(254)
                .description(DeviceDescription.of("Nicira, Inc.", "Open vSwitch", "3.1.0", "None", "br0"))
                .port(Port.builder(1).name("eth1").hwAddress(MacAddress.parse("02:00:00:00:00:01"))
                        .currentSpeedKbps(10_000_000).build())
                .port(Port.builder(2).name("eth2").linkUp(false).build())
                .build());
    }

    @Test
    void listsSwitchesWithTheirPorts() {
        JsonNode body = api.target("/api/v1/switches").request().get(JsonNode.class);
        assertThat(body.get("count").asInt()).isEqualTo(1);
        JsonNode sw = body.get("switches").get(0);
        assertThat(sw.get("id").asText()).isEqualTo("of:00000000000000a1");
        assertThat(sw.get("ports")).hasSize(2);
    }

    @Test
    void showsOneSwitchInFull() {
        JsonNode sw = api.target("/api/v1/switches/00:00:00:00:00:00:00:a1").request().get(JsonNode.class);
        assertThat(sw.get("protocol").asText()).isEqualTo("OpenFlow 1.3");
        assertThat(sw.get("connectedSince").asText()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(sw.get("manufacturer").asText()).isEqualTo("Nicira, Inc.");
        assertThat(sw.get("software").asText()).isEqualTo("3.1.0");
        assertThat(sw.get("tables").asInt()).isEqualTo(254);
        JsonNode eth1 = sw.get("ports").get(0);
        assertThat(eth1.get("name").asText()).isEqualTo("eth1");
        assertThat(eth1.get("hwAddress").asText()).isEqualTo("02:00:00:00:00:01");
        assertThat(eth1.get("currentSpeedKbps").asLong()).isEqualTo(10_000_000);
        assertThat(sw.get("ports").get(1).get("linkUp").asBoolean()).isFalse();
    }

    @Test
    void acceptsTheDatapathIdInOtherUsualForms() {
        for (String form : new String[] {"00000000000000a1", "of:00000000000000a1", "dpid:00000000000000A1"}) {
            assertThat(api.target("/api/v1/switches/" + form).request().get().getStatus()).as(form).isEqualTo(200);
        }
    }

    @Test
    void anUnknownSwitchIs404WithAJsonErrorNamingIt() {
        Response r = api.target("/api/v1/switches/00:00:00:00:00:00:00:02").request().get();
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(r.getMediaType().toString()).startsWith("application/json");
        JsonNode body = r.readEntity(JsonNode.class);
        assertThat(body.get("code").asInt()).isEqualTo(404);
        assertThat(body.get("message").asText()).contains("of:0000000000000002");
    }

    @Test
    void aMalformedDatapathIdIs400NamingTheParameter() {
        Response r = api.target("/api/v1/switches/not-a-dpid").request().get();
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(r.readEntity(JsonNode.class).get("message").asText()).startsWith("dpid: not a device id");
    }
}
