package io.sluice.openflow.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.openflow.OpenFlowSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SwitchChannelHandlerTest {
    @Test
    void ticksOftenEnoughForTheShortestTimeoutButNotAbsurdlyOften() {
        OpenFlowSettings defaults = OpenFlowSettings.defaults();
        assertThat(SwitchChannelHandler.tickMillis(defaults)).isEqualTo(500);
        OpenFlowSettings fast = defaults.withKeepalive(Duration.ofMillis(300), Duration.ofSeconds(1));
        assertThat(SwitchChannelHandler.tickMillis(fast)).isEqualTo(30);
        OpenFlowSettings absurd = defaults.withKeepalive(Duration.ofMillis(1), Duration.ofMillis(2));
        assertThat(SwitchChannelHandler.tickMillis(absurd)).isEqualTo(10);
    }
}
