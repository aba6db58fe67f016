package io.sluice.openflow.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.flow.FlowTable;
import org.junit.jupiter.api.Test;
import org.projectfloodlight.openflow.types.TableId;

/** The OpenFlow module's mapping of core's pipeline: what a switch sees of it. */
class OpenFlowPipelineTest {
    @Test
    void coreTablesAreOpenFlowTables0And1() {
        assertThat(OpenFlowPipeline.tableId(FlowTable.CLASSIFY)).isEqualTo(TableId.of(0));
        assertThat(OpenFlowPipeline.tableId(FlowTable.ROUTE)).isEqualTo(TableId.of(1));
    }
}
