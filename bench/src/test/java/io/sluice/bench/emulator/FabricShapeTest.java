package io.sluice.bench.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FabricShapeTest {

    @Test
    void fatTreeHasTheTextbookCounts() {
        FabricShape k4 = FabricShape.fatTree(4, 2);
        // (k/2)^2 cores + k pods of k/2 aggregation and k/2 edge switches
        assertThat(k4.switches()).hasSize(4 + 8 + 8);
        // k^3/4 cables in each of the two layers, two directed links per cable
        assertThat(k4.directedLinks()).isEqualTo(2 * (16 + 16));
        assertThat(k4.hostPorts()).hasSize(8 * 2);
        assertThat(FabricShape.fatTree(28, 0).switches()).hasSize(980);
    }

    @Test
    void everyCableIsSymmetricAndUsesEachPortOnce() {
        for (FabricShape shape : new FabricShape[] {FabricShape.fatTree(6, 3), FabricShape.leafSpine(3, 5, 2)}) {
            Set<FabricShape.SwitchPort> used = new HashSet<>(shape.hostPorts());
            for (Map.Entry<FabricShape.SwitchPort, FabricShape.SwitchPort> c : shape.cables().entrySet()) {
                assertThat(shape.cables().get(c.getValue())).as("other end of %s", c.getKey()).isEqualTo(c.getKey());
                assertThat(c.getKey().dpid()).isNotEqualTo(c.getValue().dpid());
                assertThat(used.add(c.getKey())).as("port %s used twice", c.getKey()).isTrue();
                int ports = shape.switches().get(c.getKey().dpid());
                assertThat(c.getKey().port()).isBetween(1, ports);
            }
            // every port of every switch is either cabled or a host port
            int allPorts = shape.switches().values().stream().mapToInt(Integer::intValue).sum();
            assertThat(used).hasSize(allPorts);
        }
    }

    @Test
    void fatTreeEdgesReachEveryCoreThroughTheirPod() {
        FabricShape k4 = FabricShape.fatTree(4, 1);
        long edge = FabricShape.edge(0);
        Set<Long> cores = new HashSet<>();
        for (Map.Entry<FabricShape.SwitchPort, FabricShape.SwitchPort> up : k4.cables().entrySet()) {
            if (up.getKey().dpid() != edge) {
                continue;
            }
            long agg = up.getValue().dpid();
            k4.cables().forEach((from, to) -> {
                if (from.dpid() == agg && to.dpid() >= FabricShape.core(0) && to.dpid() < FabricShape.aggregation(0)) {
                    cores.add(to.dpid());
                }
            });
        }
        assertThat(cores).hasSize(4);
    }

    @Test
    void hostsCanBeOnAFewLeavesOfALargeFabric() {
        FabricShape few = FabricShape.leafSpine(20, 980, 2, 10);
        assertThat(few.switches()).hasSize(1000);
        assertThat(few.hostPorts()).hasSize(20);
        assertThat(few.hostPorts()).allMatch(p -> p.dpid() <= FabricShape.leaf(10));
        assertThat(few.directedLinks()).isEqualTo(2 * 20 * 980);
    }

    @Test
    void refusesShapesThatCannotBeBuilt() {
        assertThatThrownBy(() -> FabricShape.fatTree(5, 1)).hasMessageContaining("even k");
        assertThatThrownBy(() -> FabricShape.leafSpine(0, 2, 1)).hasMessageContaining("spine");
        assertThatThrownBy(() -> FabricShape.leafSpine(2, 4, 1, 5)).hasMessageContaining("--host-leaves");
    }
}
