package io.sluice.openflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.PuntBudget;
import io.sluice.core.pipeline.BaseRule;
import io.sluice.openflow.flow.FlowRuleTranslator;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.TableId;
import org.projectfloodlight.openflow.types.U64;

/** The OpenFlow module's mapping of core's pipeline: what a switch sees of it. */
class OpenFlowPipelineTest {
    @Test
    void coreTablesAreOpenFlowTables0And1() {
        assertThat(OpenFlowPipeline.tableId(FlowTable.CLASSIFY)).isEqualTo(TableId.of(0));
        assertThat(OpenFlowPipeline.tableId(FlowTable.ROUTE)).isEqualTo(TableId.of(1));
    }

    @Test
    void eachPuntBudgetIsAMeterOfItsOwn() {
        assertThat(OpenFlowPipeline.meterId(PuntBudget.PACKET_IN)).isEqualTo(1).isEqualTo(BasePipeline.PACKET_IN_METER);
        assertThat(OpenFlowPipeline.meterId(PuntBudget.DISCOVERY)).isEqualTo(2).isEqualTo(BasePipeline.LLDP_METER);
        assertThat(BasePipeline.METERS_NEEDED).isEqualTo(2);
    }

    @Test
    void eachBaseRuleHasItsOwnCookieWhichNamesItAgain() {
        assertThat(OpenFlowPipeline.cookie(BaseRule.LLDP)).isEqualTo(U64.of(0x51ce_0000_0000_0001L));
        assertThat(OpenFlowPipeline.cookie(BaseRule.ARP)).isEqualTo(U64.of(0x51ce_0000_0000_0002L));
        assertThat(OpenFlowPipeline.cookie(BaseRule.CLASSIFY_MISS)).isEqualTo(U64.of(0x51ce_0000_0000_0003L));
        assertThat(OpenFlowPipeline.cookie(BaseRule.ROUTE_MISS)).isEqualTo(U64.of(0x51ce_0000_0000_0004L));
        assertThat(Arrays.stream(BaseRule.values()).map(OpenFlowPipeline::cookie)).doesNotHaveDuplicates();
        for (BaseRule r : BaseRule.values()) {
            assertThat(OpenFlowPipeline.baseRule(OpenFlowPipeline.cookie(r))).contains(r);
            assertThat(BasePipeline.reason(OpenFlowPipeline.cookie(r))).as("core's reason").contains(r.reason());
            assertThat(FlowRuleTranslator.ruleId(OpenFlowPipeline.cookie(r))).as("not a core rule id").isEqualTo(-1);
        }
        assertThat(OpenFlowPipeline.baseRule(FlowRuleTranslator.cookie(1))).as("a routing rule's").isEmpty();
        assertThat(OpenFlowPipeline.baseRule(OpenFlowPipeline.COOKIE)).as("number 0 names no rule").isEmpty();
    }
}
