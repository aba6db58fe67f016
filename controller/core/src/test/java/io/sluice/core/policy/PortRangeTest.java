package io.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PortRangeTest {
    @Test
    void containsBothEndsAndNothingOutside() {
        PortRange r = PortRange.of(8000, 8001);
        assertThat(r.contains(7999)).isFalse();
        assertThat(r.contains(8000)).isTrue();
        assertThat(r.contains(8001)).isTrue();
        assertThat(r.contains(8002)).isFalse();
    }

    @Test
    void fullAndSingleRanges() {
        PortRange all = PortRange.of(0, 65535);
        assertThat(all.contains(0)).isTrue();
        assertThat(all.contains(65535)).isTrue();
        PortRange one = PortRange.single(443);
        assertThat(one.from()).isEqualTo(443);
        assertThat(one.to()).isEqualTo(443);
        assertThat(one.contains(442)).isFalse();
        assertThat(one.contains(443)).isTrue();
        assertThat(one.contains(444)).isFalse();
    }

    @Test
    void refusesBadBounds() {
        assertThatThrownBy(() -> PortRange.of(-1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a port range");
        assertThatThrownBy(() -> PortRange.of(0, 65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PortRange.of(10, 9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10-9");
        assertThatThrownBy(() -> PortRange.single(65536)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesSinglesAndRanges() {
        assertThat(PortRange.parse("8080")).isEqualTo(PortRange.single(8080));
        assertThat(PortRange.parse("8000-8001")).isEqualTo(PortRange.of(8000, 8001));
        assertThat(PortRange.parse(" 0 - 65535 ")).isEqualTo(PortRange.of(0, 65535));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http", "80-", "-80", "1-2-3", "9-3", "65536", "80 90", "0x50"})
    void refusesWhatIsNotAPortOrRange(String text) {
        assertThatThrownBy(() -> PortRange.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printsAsParsed() {
        assertThat(PortRange.single(53).toString()).isEqualTo("53");
        assertThat(PortRange.of(1, 1023).toString()).isEqualTo("1-1023");
        assertThat(PortRange.parse(PortRange.of(1, 1023).toString())).isEqualTo(PortRange.of(1, 1023));
    }

    @Test
    void intersectsIsSymmetricAndInclusive() {
        assertThat(PortRange.of(1, 10).intersects(PortRange.of(10, 20))).isTrue();
        assertThat(PortRange.of(10, 20).intersects(PortRange.of(1, 10))).isTrue();
        assertThat(PortRange.of(1, 9).intersects(PortRange.of(10, 20))).isFalse();
        assertThat(PortRange.of(1, 100).intersects(PortRange.of(50, 50))).isTrue();
    }

    @Test
    void intersectsIsTheSameAsSharingAPort() {
        Random rnd = new Random(11);
        for (int i = 0; i < 5000; i++) {
            PortRange a = random(rnd);
            PortRange b = random(rnd);
            boolean share = false;
            for (int p = Math.max(a.from(), b.from()); p <= Math.min(a.to(), b.to()); p++) {
                share = a.contains(p) && b.contains(p);
                if (share) {
                    break;
                }
            }
            assertThat(a.intersects(b)).as("%s vs %s", a, b).isEqualTo(share).isEqualTo(b.intersects(a));
        }
    }

    private static PortRange random(Random rnd) {
        int x = rnd.nextInt(60);
        int y = rnd.nextInt(60);
        return PortRange.of(Math.min(x, y), Math.max(x, y));
    }

    @Test
    void equalityAndHash() {
        assertThat(PortRange.of(1, 2)).isEqualTo(PortRange.of(1, 2)).hasSameHashCodeAs(PortRange.of(1, 2));
        assertThat(PortRange.of(1, 2)).isNotEqualTo(PortRange.of(1, 3));
        assertThat(PortRange.of(0, 1)).isNotEqualTo(PortRange.of(1, 1));
    }
}
