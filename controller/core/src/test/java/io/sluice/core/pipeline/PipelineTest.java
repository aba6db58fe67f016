package io.sluice.core.pipeline;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.PuntBudget;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pipeline, described once: its bands and its base rules. */
class PipelineTest {
    private static final DeviceId SW = Ids.of(0x201);

    private static List<PriorityBand> bandsOf(FlowTable t) {
        return Arrays.stream(PriorityBand.values()).filter(b -> b.tables().contains(t)).collect(Collectors.toList());
    }

    @Test
    void bandsOfOneTableDoNotOverlapAndAreListedHighestFirst() {
        for (FlowTable t : FlowTable.values()) {
            List<PriorityBand> bands = bandsOf(t);
            assertThat(bands).as("%s has bands", t).isNotEmpty();
            for (int i = 0; i < bands.size(); i++) {
                PriorityBand b = bands.get(i);
                assertThat(b.lowest()).as("%s", b).isLessThanOrEqualTo(b.highest()).isGreaterThanOrEqualTo(0);
                assertThat(b.highest()).as("%s", b).isLessThanOrEqualTo(0xFFFF);
                assertThat(b.holds()).isNotBlank();
                if (i > 0) {
                    assertThat(b.highest()).as("%s below %s in %s", b, bands.get(i - 1), t)
                            .isLessThan(bands.get(i - 1).lowest());
                }
            }
            assertThat(bands.get(bands.size() - 1)).as("the table-miss is the bottom of every table")
                    .isEqualTo(PriorityBand.TABLE_MISS);
        }
        // Every priority of a table is in at most one band.
        List<String> twice = new ArrayList<>();
        for (FlowTable t : FlowTable.values()) {
            for (int p = 0; p <= 0xFFFF; p++) {
                int in = 0;
                for (PriorityBand b : PriorityBand.values()) {
                    in += b.contains(t, p) ? 1 : 0;
                }
                if (in > 1) {
                    twice.add(t + "/" + p);
                }
            }
        }
        assertThat(twice).as("priorities in two bands").isEmpty();
    }

    @Test
    void theBandsAreTheOnesTheDesignNames() {
        assertThat(bandsOf(FlowTable.CLASSIFY)).containsExactly(PriorityBand.BASE, PriorityBand.PER_FLOW,
                PriorityBand.POLICY, PriorityBand.PORT_DEFAULT, PriorityBand.TABLE_MISS);
        assertThat(bandsOf(FlowTable.ROUTE)).containsExactly(PriorityBand.CLASS_ROUTE, PriorityBand.HOST_ROUTE,
                PriorityBand.TABLE_MISS);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 60_000)).contains(PriorityBand.BASE);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 50_000)).contains(PriorityBand.BASE);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 49_950)).contains(PriorityBand.PER_FLOW);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 100)).contains(PriorityBand.POLICY);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 49_899)).contains(PriorityBand.POLICY);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 11)).contains(PriorityBand.PORT_DEFAULT);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 10)).contains(PriorityBand.PORT_DEFAULT);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 0)).contains(PriorityBand.TABLE_MISS);
        assertThat(PriorityBand.of(FlowTable.ROUTE, 1_100)).contains(PriorityBand.CLASS_ROUTE);
        assertThat(PriorityBand.of(FlowTable.ROUTE, 1_000)).contains(PriorityBand.HOST_ROUTE);
        assertThat(PriorityBand.of(FlowTable.ROUTE, 0)).contains(PriorityBand.TABLE_MISS);
        assertThat(PriorityBand.of(FlowTable.ROUTE, 60_000)).as("the numbers of one table mean nothing in another")
                .isEmpty();
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 1_000)).contains(PriorityBand.POLICY);
        assertThat(PriorityBand.of(FlowTable.CLASSIFY, 50)).as("between bands").isEmpty();
        assertThat(Arrays.stream(PriorityBand.values()).filter(PriorityBand::isBase))
                .containsExactly(PriorityBand.BASE, PriorityBand.TABLE_MISS);
    }

    @Test
    void eachBaseRuleMatchesSendsUpAndSaysWhy() {
        assertThat(BaseRule.LLDP.table()).isEqualTo(FlowTable.CLASSIFY);
        assertThat(BaseRule.LLDP.priority()).isEqualTo(60_000);
        assertThat(BaseRule.LLDP.selector()).isEqualTo(TrafficSelector.builder().ethType(0x88cc).build());
        assertThat(BaseRule.LLDP.treatment()).isEqualTo(TrafficTreatment.toController(PuntBudget.DISCOVERY));
        assertThat(BaseRule.LLDP.reason())
                .isEqualTo("base pipeline: discovery (LLDP) frames to the controller, through the LLDP meter");

        assertThat(BaseRule.ARP.table()).isEqualTo(FlowTable.CLASSIFY);
        assertThat(BaseRule.ARP.priority()).isEqualTo(50_000);
        assertThat(BaseRule.ARP.selector()).isEqualTo(TrafficSelector.builder().ethType(0x0806).build());
        assertThat(BaseRule.ARP.treatment()).isEqualTo(TrafficTreatment.toController(PuntBudget.PACKET_IN));
        assertThat(BaseRule.ARP.reason())
                .isEqualTo("base pipeline: ARP to the controller, which answers it or delivers it to edge ports");

        assertThat(BaseRule.CLASSIFY_MISS.table()).isEqualTo(FlowTable.CLASSIFY);
        assertThat(BaseRule.CLASSIFY_MISS.priority()).isZero();
        assertThat(BaseRule.CLASSIFY_MISS.selector()).hasToString("any");
        assertThat(BaseRule.CLASSIFY_MISS.treatment()).isEqualTo(TrafficTreatment.toController());
        assertThat(BaseRule.CLASSIFY_MISS.reason())
                .isEqualTo("base pipeline: unclassified traffic to the controller, through the packet-in meter");

        assertThat(BaseRule.ROUTE_MISS.table()).isEqualTo(FlowTable.ROUTE);
        assertThat(BaseRule.ROUTE_MISS.priority()).isZero();
        assertThat(BaseRule.ROUTE_MISS.selector()).hasToString("any");
        assertThat(BaseRule.ROUTE_MISS.treatment()).isEqualTo(TrafficTreatment.toController());
        assertThat(BaseRule.ROUTE_MISS.reason())
                .isEqualTo("base pipeline: traffic with no route to the controller, through the packet-in meter");

        assertThat(BaseRule.values()).allSatisfy(r -> assertThat(r.band().isBase()).as("%s", r).isTrue());
    }

    @Test
    void baseRulesOfASwitchAreFlowRulesInTheirOwnSlots() {
        List<FlowRule> rules = Pipeline.baseRules(SW);
        assertThat(rules).extracting(r -> r.table() + "/" + r.priority() + "/" + r.selector() + "/" + r.treatment())
                .containsExactly("CLASSIFY/60000/eth_type=0x88cc/controller(discovery)",
                        "CLASSIFY/50000/eth_type=0x0806/controller", "CLASSIFY/0/any/controller",
                        "ROUTE/0/any/controller");
        assertThat(rules).allSatisfy(r -> {
            assertThat(r.device()).isEqualTo(SW);
            assertThat(r.idleTimeoutSeconds()).as("permanent").isZero();
        });
        assertThat(rules).extracting(FlowRule::reason).containsExactly(Arrays.stream(BaseRule.values())
                .map(BaseRule::reason).toArray(String[]::new));
        List<FlowRule.Key> keys = new ArrayList<>();
        rules.forEach(r -> keys.add(r.key()));
        assertThat(keys).doesNotHaveDuplicates();
    }
}
