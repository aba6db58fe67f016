package io.sluice.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ip4AddressTest {
    @Test
    void parsesAndPrintsDottedQuad() {
        Ip4Address a = Ip4Address.parse("10.0.255.1");
        assertThat(a.toInt()).isEqualTo(0x0A00FF01);
        assertThat(a.toString()).isEqualTo("10.0.255.1");
        assertThat(Ip4Address.of(-1).toString()).isEqualTo("255.255.255.255");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.256", "10.0.0.-1", "a.b.c.d", "10..0.1", "1.2.3.4.5", "+1.2.3.4"})
    void rejectsWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> Ip4Address.parse(text)).hasMessageContaining("not an IPv4 address");
    }

    @Test
    void knowsAddressesThatNeverBelongToAHost() {
        assertThat(Ip4Address.parse("0.0.0.0").isUnspecified()).isTrue();
        assertThat(Ip4Address.parse("224.0.0.251").isMulticastOrBroadcast()).isTrue();
        assertThat(Ip4Address.parse("255.255.255.255").isMulticastOrBroadcast()).isTrue();
        assertThat(Ip4Address.parse("10.0.1.1").isMulticastOrBroadcast()).isFalse();
    }
}
