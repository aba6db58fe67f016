package io.sluice.core.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {
    @ParameterizedTest
    @ValueSource(strings = {"00:00:00:00:00:00:00:a1", "00000000000000A1", "a1", "of:00000000000000a1",
            "dpid:00000000000000a1", " 00:00:00:00:00:00:00:A1 "})
    void parsesEveryUsualForm(String text) {
        assertThat(DeviceId.parse(text)).isEqualTo(DeviceId.of(0xa1));
    }

    @Test
    void printsEightColonSeparatedOctets() {
        assertThat(DeviceId.of(0xa1).toString()).isEqualTo("00:00:00:00:00:00:00:a1");
        assertThat(DeviceId.of(-1L).toString()).isEqualTo("ff:ff:ff:ff:ff:ff:ff:ff");
    }

    @Test
    void roundTripsTheFullUnsignedRange() {
        DeviceId high = DeviceId.of(0x8000_0000_0000_0001L);
        assertThat(DeviceId.parse(high.toString())).isEqualTo(high);
        assertThat(high.compareTo(DeviceId.of(1))).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "xyz", "00000000000000001", "00:00:00:00:00:00:00", "0:0:0:0:0:0:0:1", "of:"})
    void rejectsWhatIsNotADatapathIdAndSaysWhatItWanted(String text) {
        assertThatThrownBy(() -> DeviceId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a datapath id")
                .hasMessageContaining("16 hex digits");
    }
}
