package io.sluice.ovsdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OvsdbEndpointTest {

    @Test
    void parsesUnixSocket() {
        assertThat(OvsdbEndpoint.parse("unix:/var/run/openvswitch/db.sock"))
                .isEqualTo(new OvsdbEndpoint.Unix(Path.of("/var/run/openvswitch/db.sock")))
                .hasToString("unix:/var/run/openvswitch/db.sock");
    }

    @Test
    void parsesTcpWithAndWithoutPort() {
        assertThat(OvsdbEndpoint.parse("tcp:192.0.2.1:6641")).isEqualTo(new OvsdbEndpoint.Tcp("192.0.2.1", 6641));
        assertThat(OvsdbEndpoint.parse("tcp:ovs.example")).isEqualTo(new OvsdbEndpoint.Tcp("ovs.example", 6640));
        assertThat(OvsdbEndpoint.parse("tcp:[::1]:6642"))
                .isEqualTo(new OvsdbEndpoint.Tcp("::1", 6642))
                .hasToString("tcp:[::1]:6642");
        assertThat(OvsdbEndpoint.parse("tcp:[2001:db8::1]")).isEqualTo(new OvsdbEndpoint.Tcp("2001:db8::1", 6640));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "db.sock", "/var/run/openvswitch/db.sock", "unix:", "tcp:", "tcp::6640",
            "tcp:host:port", "tcp:host:0", "tcp:host:65536", "tcp:::1:6640", "tcp:[::1", "tcp:[::1]6640",
            "ssl:host:6640", "punix:/tmp/x.sock", "ptcp:6640", "http://host:6640"})
    void rejectsAnythingElseNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> OvsdbEndpoint.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid OVSDB endpoint '" + text + "'")
                .hasMessageContaining("expected unix:<path> or tcp:<host>:<port>");
    }
}
