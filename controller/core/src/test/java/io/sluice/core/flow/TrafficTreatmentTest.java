package io.sluice.core.flow;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TrafficTreatmentTest {
    @Test
    void toTheControllerIsWithinTheBudgetItNames() {
        TrafficTreatment packetIn = TrafficTreatment.toController();
        TrafficTreatment discovery = TrafficTreatment.toController(PuntBudget.DISCOVERY);
        assertThat(packetIn.isToController()).isTrue();
        assertThat(packetIn.puntBudget()).isEqualTo(PuntBudget.PACKET_IN);
        assertThat(packetIn).as("the plain form is the packet-in budget")
                .isEqualTo(TrafficTreatment.toController(PuntBudget.PACKET_IN))
                .hasSameHashCodeAs(TrafficTreatment.toController(PuntBudget.PACKET_IN))
                .hasToString("controller");
        assertThat(discovery.isToController()).isTrue();
        assertThat(discovery.puntBudget()).isEqualTo(PuntBudget.DISCOVERY);
        assertThat(discovery).isNotEqualTo(packetIn).hasToString("controller(discovery)");
    }

    @Test
    void otherTreatmentsHaveNoBudget() {
        assertThat(TrafficTreatment.output(3).puntBudget()).isNull();
        assertThat(TrafficTreatment.gotoTable(FlowTable.ROUTE).withDscp(34).isToController()).isFalse();
    }
}
