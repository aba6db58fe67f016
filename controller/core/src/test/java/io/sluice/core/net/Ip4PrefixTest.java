package io.sluice.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Ip4PrefixTest {
    private static Ip4Address ip(String s) {
        return Ip4Address.parse(s);
    }

    @Test
    void parsesAddressAndLength() {
        Ip4Prefix p = Ip4Prefix.parse("10.0.0.0/8");
        assertThat(p.address()).isEqualTo(ip("10.0.0.0"));
        assertThat(p.length()).isEqualTo(8);
        assertThat(p.toString()).isEqualTo("10.0.0.0/8");
        assertThat(Ip4Prefix.parse(" 192.168.4.0/22 ")).isEqualTo(Ip4Prefix.of(ip("192.168.4.0"), 22));
    }

    @Test
    void bareAddressIsASlash32() {
        Ip4Prefix p = Ip4Prefix.parse("10.0.1.5");
        assertThat(p.length()).isEqualTo(32);
        assertThat(p).isEqualTo(Ip4Prefix.parse("10.0.1.5/32"));
    }

    @Test
    void slashZeroIsAnyAndContainsEveryAddress() {
        Ip4Prefix any = Ip4Prefix.parse("0.0.0.0/0");
        assertThat(any).isEqualTo(Ip4Prefix.ANY);
        assertThat(Ip4Prefix.ANY.length()).isZero();
        assertThat(Ip4Prefix.ANY.toString()).isEqualTo("0.0.0.0/0");
        for (String a : new String[] {"0.0.0.0", "10.0.0.1", "127.255.255.255", "128.0.0.0", "255.255.255.255"}) {
            assertThat(any.contains(ip(a))).as(a).isTrue();
        }
    }

    @Test
    void slashZeroRefusesAnyHostBit() {
        assertThatThrownBy(() -> Ip4Prefix.parse("10.0.0.0/0")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("host bits set").hasMessageContaining("0.0.0.0/0");
    }

    @Test
    void slash32ContainsExactlyOneAddress() {
        Ip4Prefix p = Ip4Prefix.parse("10.0.1.5/32");
        assertThat(p.contains(ip("10.0.1.5"))).isTrue();
        assertThat(p.contains(ip("10.0.1.4"))).isFalse();
        assertThat(p.contains(ip("10.0.1.6"))).isFalse();
        assertThat(p.contains(ip("138.0.1.5"))).isFalse();
        Ip4Prefix top = Ip4Prefix.parse("255.255.255.255/32");
        assertThat(top.contains(ip("255.255.255.255"))).isTrue();
        assertThat(top.contains(ip("255.255.255.254"))).isFalse();
        Ip4Prefix bottom = Ip4Prefix.parse("0.0.0.0/32");
        assertThat(bottom.contains(ip("0.0.0.0"))).isTrue();
        assertThat(bottom.contains(ip("0.0.0.1"))).isFalse();
    }

    @Test
    void refusesHostBitsWithBothLikelyMeanings() {
        assertThatThrownBy(() -> Ip4Prefix.parse("10.0.1.5/24")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.1.5/24").hasMessageContaining("host bits set")
                .hasMessageContaining("10.0.1.0/24").hasMessageContaining("10.0.1.5/32");
        assertThatThrownBy(() -> Ip4Prefix.of(ip("10.0.0.1"), 31)).hasMessageContaining("10.0.0.0/31");
        assertThatThrownBy(() -> Ip4Prefix.parse("128.0.0.0/0")).hasMessageContaining("host bits set");
        assertThatThrownBy(() -> Ip4Prefix.parse("192.168.1.0/16")).hasMessageContaining("192.168.0.0/16");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/x", "10.0.0.0/8/8", "10.0.0.0/100",
        "10.0.0/8", "10.0.0.256/32", "/8", "", "10.0.0.0 /8x"})
    void refusesWhatIsNotAPrefix(String text) {
        assertThatThrownBy(() -> Ip4Prefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesLengthOutOfRange() {
        assertThatThrownBy(() -> Ip4Prefix.of(ip("0.0.0.0"), 33)).hasMessageContaining("0-32");
        assertThatThrownBy(() -> Ip4Prefix.of(ip("0.0.0.0"), -1)).hasMessageContaining("0-32");
    }

    @Test
    void masks() {
        assertThat(Ip4Prefix.mask(0)).isZero();
        assertThat(Ip4Prefix.mask(1)).isEqualTo(0x8000_0000);
        assertThat(Ip4Prefix.mask(8)).isEqualTo(0xFF00_0000);
        assertThat(Ip4Prefix.mask(31)).isEqualTo(0xFFFF_FFFE);
        assertThat(Ip4Prefix.mask(32)).isEqualTo(0xFFFF_FFFF);
    }

    @Test
    void containsAtTheEdgesOfThePrefix() {
        Ip4Prefix p = Ip4Prefix.parse("10.0.0.0/8");
        assertThat(p.contains(ip("10.0.0.0"))).isTrue();
        assertThat(p.contains(ip("10.255.255.255"))).isTrue();
        assertThat(p.contains(ip("9.255.255.255"))).isFalse();
        assertThat(p.contains(ip("11.0.0.0"))).isFalse();
        Ip4Prefix high = Ip4Prefix.parse("128.0.0.0/1");
        assertThat(high.contains(ip("128.0.0.0"))).isTrue();
        assertThat(high.contains(ip("255.255.255.255"))).isTrue();
        assertThat(high.contains(ip("127.255.255.255"))).isFalse();
        Ip4Prefix low = Ip4Prefix.parse("0.0.0.0/1");
        assertThat(low.contains(ip("127.255.255.255"))).isTrue();
        assertThat(low.contains(ip("128.0.0.0"))).isFalse();
        Ip4Prefix s31 = Ip4Prefix.parse("192.168.1.254/31");
        assertThat(s31.contains(ip("192.168.1.254"))).isTrue();
        assertThat(s31.contains(ip("192.168.1.255"))).isTrue();
        assertThat(s31.contains(ip("192.168.1.253"))).isFalse();
        assertThat(s31.contains(ip("192.168.2.0"))).isFalse();
    }

    @Test
    void containsAgreesWithAnUnsignedRangeForRandomPrefixes() {
        for (long seed = 1; seed <= 5; seed++) {
            Random rnd = new Random(seed);
            for (int i = 0; i < 5000; i++) {
                int len = rnd.nextInt(33);
                int base = rnd.nextInt() & Ip4Prefix.mask(len);
                Ip4Prefix p = Ip4Prefix.of(Ip4Address.of(base), len);
                long first = Integer.toUnsignedLong(base);
                long last = first + (1L << (32 - len)) - 1;
                int probe;
                switch (rnd.nextInt(5)) {
                    case 0: probe = (int) first; break;
                    case 1: probe = (int) last; break;
                    case 2: probe = (int) (first - 1); break;
                    case 3: probe = (int) (last + 1); break;
                    default: probe = rnd.nextInt(); break;
                }
                long u = Integer.toUnsignedLong(probe);
                assertThat(p.contains(Ip4Address.of(probe)))
                        .as("seed %d: %s contains %s", seed, p, Ip4Address.of(probe))
                        .isEqualTo(u >= first && u <= last);
            }
        }
    }

    @Test
    void overlapsWhenOneContainsTheOther() {
        Ip4Prefix p8 = Ip4Prefix.parse("10.0.0.0/8");
        Ip4Prefix p24 = Ip4Prefix.parse("10.1.2.0/24");
        Ip4Prefix other = Ip4Prefix.parse("11.0.0.0/8");
        Ip4Prefix sibling = Ip4Prefix.parse("10.1.3.0/24");
        assertThat(p8.overlaps(p24)).isTrue();
        assertThat(p24.overlaps(p8)).isTrue();
        assertThat(p8.overlaps(p8)).isTrue();
        assertThat(p8.overlaps(other)).isFalse();
        assertThat(other.overlaps(p8)).isFalse();
        assertThat(p24.overlaps(sibling)).isFalse();
        assertThat(Ip4Prefix.ANY.overlaps(p24)).isTrue();
        assertThat(p24.overlaps(Ip4Prefix.ANY)).isTrue();
        assertThat(Ip4Prefix.parse("10.1.2.3/32").overlaps(p24)).isTrue();
        assertThat(Ip4Prefix.parse("10.1.3.3/32").overlaps(p24)).isFalse();
        assertThat(Ip4Prefix.parse("0.0.0.0/1").overlaps(Ip4Prefix.parse("128.0.0.0/1"))).isFalse();
    }

    @Test
    void overlapsIsTheSameAsSharingAnAddress() {
        Random rnd = new Random(7);
        for (int i = 0; i < 5000; i++) {
            Ip4Prefix a = randomPrefix(rnd);
            Ip4Prefix b = randomPrefix(rnd);
            boolean share = a.contains(b.address()) || b.contains(a.address());
            assertThat(a.overlaps(b)).as("%s vs %s", a, b).isEqualTo(share).isEqualTo(b.overlaps(a));
        }
    }

    private static Ip4Prefix randomPrefix(Random rnd) {
        int len = rnd.nextInt(33);
        // Few distinct top bits, so that nesting is common.
        int base = (rnd.nextInt(4) << 30) | (rnd.nextInt(4) << 22) | rnd.nextInt(1 << 22);
        return Ip4Prefix.of(Ip4Address.of(base & Ip4Prefix.mask(len)), len);
    }

    @Test
    void equalityOrderingAndHash() {
        assertThat(Ip4Prefix.parse("10.0.0.0/8")).isEqualTo(Ip4Prefix.parse("10.0.0.0/8"))
                .hasSameHashCodeAs(Ip4Prefix.parse("10.0.0.0/8"));
        assertThat(Ip4Prefix.parse("10.0.0.0/8")).isNotEqualTo(Ip4Prefix.parse("10.0.0.0/16"));
        assertThat(Ip4Prefix.parse("10.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/16"))).isNegative();
        assertThat(Ip4Prefix.parse("200.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/8"))).isPositive();
        assertThat(Ip4Prefix.parse("10.0.0.0/8").compareTo(Ip4Prefix.parse("10.0.0.0/8"))).isZero();
    }
}
