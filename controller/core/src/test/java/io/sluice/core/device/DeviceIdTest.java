package io.sluice.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {
    private static final DeviceId A1 = DeviceId.of("of:00000000000000a1");

    @ParameterizedTest
    @ValueSource(strings = {"00:00:00:00:00:00:00:a1", "00000000000000A1", "a1", "of:00000000000000a1",
            "OF:00000000000000A1", "of:00:00:00:00:00:00:00:a1", "dpid:00000000000000a1", " 00:00:00:00:00:00:00:A1 "})
    void readsEveryFormOfADatapathIdAsTheOpenFlowDevice(String text) {
        assertThat(DeviceId.parse(text)).isEqualTo(A1);
    }

    @Test
    void printsAsTheUriItIs() {
        assertThat(A1.toString()).isEqualTo("of:00000000000000a1");
        assertThat(A1.scheme()).isEqualTo("of");
        assertThat(DeviceId.parse("ff:ff:ff:ff:ff:ff:ff:ff").toString()).isEqualTo("of:ffffffffffffffff");
        assertThat(DeviceId.parse("p4rt:leaf1").toString()).isEqualTo("p4rt:leaf1");
        assertThat(DeviceId.parse("P4RT:Leaf1")).as("the scheme is case-blind, the name is not")
                .isEqualTo(DeviceId.of("p4rt:Leaf1"));
    }

    @Test
    void roundTripsAndOrdersOpenFlowIdsByDatapathId() {
        DeviceId high = DeviceId.parse("8000000000000001");
        assertThat(DeviceId.parse(high.toString())).isEqualTo(high);
        assertThat(high.compareTo(DeviceId.parse("1"))).isPositive();
        assertThat(DeviceId.parse("a").compareTo(DeviceId.parse("10"))).as("0x0a before 0x10").isNegative();
    }

    @Test
    void anOpenFlowIdHasOneSpellingOnly() {
        assertThatThrownBy(() -> DeviceId.of("of:A1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceId.of("of:00000000000000A1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DeviceId.of("dpid:00000000000000a1")).as("dpid: names an of: device, not a scheme")
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xyz", "00000000000000001", "00:00:00:00:00:00:00", "0:0:0:0:0:0:0:1", "of:",
            "of:xyz", "p4rt:", "p4rt:leaf 1", "p4rt:leaf1/3", "1p4:leaf", "ab:cd:ef:00:00:00:01", "de:ad:be:ef:00:01"})
    void rejectsWhatIsNoDeviceIdAndSaysWhatItWanted(String text) {
        assertThatThrownBy(() -> DeviceId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a device id")
                .hasMessageContaining("16 hex digits");
    }
}
