package io.sluice.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {
    @Test
    void parsesAndPrintsLowerCaseColonForm() {
        MacAddress mac = MacAddress.parse("02-00-0A-FF-00-01");
        assertThat(mac.toLong()).isEqualTo(0x02000aff0001L);
        assertThat(mac.toString()).isEqualTo("02:00:0a:ff:00:01");
        assertThat(MacAddress.parse(mac.toString())).isEqualTo(mac);
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:00:00:00:00", "02:00:00:00:00:0g", "2:00:00:00:00:01", "02:00:00:00:00:01:03"})
    void rejectsMalformedText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a MAC address");
    }

    @Test
    void rejectsValuesWiderThan48Bits() {
        assertThatThrownBy(() -> MacAddress.of(1L << 48)).isInstanceOf(IllegalArgumentException.class);
    }
}
