package io.sluice.tests.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.tests.support.ControllerUnderTest;
import io.sluice.tests.support.MininetFabric;
import io.sluice.tests.support.Ping;
import io.sluice.tests.support.Wait;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ping every 10 ms between hosts on different leaves: taking down the spine link their path uses
 * loses under 100 ms of pings and moves the path to the other spine; bringing it back loses nothing
 * and moves nothing.
 */
class SpineFailoverIT {
    private static final String SRC = "10.0.1.1";
    private static final String DST = "10.0.4.1";

    @Test
    void aSpineLinkFailureCostsUnderATenthOfASecondAndItsRepairCostsNothing() {
        try (ControllerUnderTest controller = ControllerUnderTest.start();
                MininetFabric fabric = MininetFabric.leafSpine(2, 4, 2, controller.openFlowPort())) {
            Wait.until("16 links are known", Duration.ofSeconds(30), () -> controller.links().size() == 16);
            assertThat(fabric.pingAll(Duration.ofSeconds(1))).isEqualTo(0.0);
            List<String> before = controller.pathSwitches(SRC, DST);
            assertThat(before).hasSize(3);
            String spine = "sp" + Integer.parseInt(before.get(1).substring(before.get(1).length() - 2), 16);

            Ping down = pingAcross(fabric, () -> fabric.link("lf1", spine, false));
            List<String> after = controller.pathSwitches(SRC, DST);
            assertThat(after).as("path after %s-lf1 went down", spine).hasSize(3).doesNotContain(before.get(1));
            assertThat(down.lost()).as("pings lost (10 ms apart) when the path's spine link went down: %s", down)
                    .isLessThanOrEqualTo(10);

            Ping up = pingAcross(fabric, () -> {
                fabric.link("lf1", spine, true);
                Wait.until("the link is back", Duration.ofSeconds(10), () -> controller.links().size() == 16);
            });
            assertThat(up.lost()).as("pings lost while the link came back: %s", up).isZero();
            assertThat(controller.pathSwitches(SRC, DST)).as("an established path stays put").isEqualTo(after);
        }
    }

    private static Ping pingAcross(MininetFabric fabric, Runnable action) {
        return fabric.pingDuring("h1_1", DST, 400, action);
    }
}
