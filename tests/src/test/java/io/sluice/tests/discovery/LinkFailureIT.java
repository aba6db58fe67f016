package io.sluice.tests.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.core.device.DeviceId;
import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.Fabrics;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Taking a spine-leaf cable down removes both of its links within 1 s; bringing it back up
 * restores them within 2 s; the other links never move.
 */
class LinkFailureIT {
    private static final DeviceId LEAF1 = DeviceId.parse("0000000000000201");
    private static final DeviceId SPINE1 = DeviceId.parse("0000000000000101");

    private static long between(List<JsonNode> links, DeviceId a, DeviceId b) {
        return links.stream().filter(l -> {
            DeviceId src = Fabrics.point(l.get("src")).deviceId();
            DeviceId dst = Fabrics.point(l.get("dst")).deviceId();
            return (src.equals(a) && dst.equals(b)) || (src.equals(b) && dst.equals(a));
        }).count();
    }

    @Test
    void aCableDownAndUpIsReflectedWithinOneAndTwoSeconds() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);

            long downAt = System.nanoTime();
            fabric.link("lf1", "sp1", false);
            Wait.until("lf1-sp1 is gone", Duration.ofSeconds(5), () -> between(controller.links(), LEAF1, SPINE1) == 0);
            Duration removal = Duration.ofNanos(System.nanoTime() - downAt);
            assertThat(controller.links()).hasSize(14);

            long upAt = System.nanoTime();
            fabric.link("lf1", "sp1", true);
            Wait.until("lf1-sp1 is back", Duration.ofSeconds(10), () -> between(controller.links(), LEAF1, SPINE1) == 2);
            Duration restore = Duration.ofNanos(System.nanoTime() - upAt);

            assertThat(removal).as("removal, including Mininet taking both ends down").isLessThanOrEqualTo(Duration.ofSeconds(1));
            assertThat(restore).as("restore, including Mininet bringing both ends up").isLessThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(Fabrics.directedLinks(controller.links())).isEqualTo(Fabrics.expectedLinks(fabric));
        }
    }
}
