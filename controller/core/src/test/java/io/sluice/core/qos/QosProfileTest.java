package io.sluice.core.qos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyFixtures;
import io.sluice.core.policy.TrafficClass;
import org.junit.jupiter.api.Test;

class QosProfileTest {
    private final Policy policy = PolicyFixtures.base().build();

    @Test
    void eachClassGetsItsQueueWithRatesAsSharesOfTheLink() {
        QosProfile p = QosProfile.of(policy, 100_000_000L);
        assertThat(p.queues()).extracting(QueueProfile::queue).containsExactly(0, 1, 3, 5, 7);
        QueueProfile training = p.queueOf(TrafficClass.TRAINING).orElseThrow();
        assertThat(training.queue()).isEqualTo(3);
        assertThat(training.dscp()).isEqualTo(26);
        assertThat(training.minRateBps()).isEqualTo(40_000_000L);
        assertThat(training.maxRateBps()).isEqualTo(90_000_000L);
    }

    @Test
    void idleCapacityGoesToControlThenInferenceThenTheWeightedClassesAndArchivalLast() {
        QosProfile p = QosProfile.of(policy, 10_000_000_000L);
        assertThat(p.queueOf(TrafficClass.CONTROL).orElseThrow().priority()).isZero();
        assertThat(p.queueOf(TrafficClass.INFERENCE).orElseThrow().priority()).isEqualTo(1);
        assertThat(p.queueOf(TrafficClass.TRAINING).orElseThrow().priority()).isEqualTo(2);
        assertThat(p.queueOf(TrafficClass.BEST_EFFORT).orElseThrow().priority()).as("weighted classes share a level")
                .isEqualTo(2);
        assertThat(p.queueOf(TrafficClass.ARCHIVAL).orElseThrow().priority()).isEqualTo(3);
    }

    @Test
    void aLinkWithoutSpeedIsRefused() {
        assertThatThrownBy(() -> QosProfile.of(policy, 0)).hasMessageContaining("link speed");
    }
}
