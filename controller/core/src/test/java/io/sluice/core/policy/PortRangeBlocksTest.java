package io.sluice.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A port range as value/mask blocks: exactly the range, with the fewest blocks. */
class PortRangeBlocksTest {
    private static boolean covered(List<int[]> blocks, int port) {
        return blocks.stream().anyMatch(b -> (port & b[1]) == b[0]);
    }

    @Test
    void knownRangesGiveTheirBlocks() {
        assertThat(PortRange.of(8000, 8001).maskedBlocks()).hasSize(1);
        assertThat(PortRange.of(0, 65535).maskedBlocks()).singleElement().satisfies(b -> assertThat(b[1]).isZero());
        assertThat(PortRange.of(1, 65535).maskedBlocks()).hasSize(16);
        assertThat(PortRange.single(873).maskedBlocks()).singleElement()
                .satisfies(b -> assertThat(b).containsExactly(873, 0xFFFF));
    }

    @Test
    void randomRangesAreCoveredExactly() {
        Random rnd = new Random(7);
        for (int i = 0; i < 300; i++) {
            int a = rnd.nextInt(65536);
            int b = Math.min(65535, a + rnd.nextInt(i % 3 == 0 ? 65536 : 300));
            PortRange r = PortRange.of(a, b);
            List<int[]> blocks = r.maskedBlocks();
            assertThat(blocks.size()).as("%s", r).isLessThanOrEqualTo(30);
            for (int p = Math.max(0, a - 3); p <= Math.min(65535, b + 3); p += (b - a > 2000 ? 97 : 1)) {
                assertThat(covered(blocks, p)).as("%s port %d", r, p).isEqualTo(r.contains(p));
            }
            assertThat(covered(blocks, a)).isTrue();
            assertThat(covered(blocks, b)).isTrue();
        }
    }
}
