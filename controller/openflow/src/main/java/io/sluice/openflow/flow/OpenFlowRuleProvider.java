package io.sluice.openflow.flow;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.DeviceFlowEntry;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.openflow.OpenFlowController;
import io.sluice.openflow.OpenFlowSwitch;
import io.sluice.openflow.pipeline.OpenFlowPipeline;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.projectfloodlight.openflow.protocol.OFFactory;
import org.projectfloodlight.openflow.protocol.OFMessage;
import org.projectfloodlight.openflow.types.OFGroup;
import org.projectfloodlight.openflow.types.OFPort;
import org.projectfloodlight.openflow.types.TableId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts core's rules on OpenFlow switches: one barrier-confirmed write per batch. The first batch
 * for a session first deletes every core rule the switch still holds from an earlier session
 * (by cookie, so the base pipeline and other controllers' rules stay), because core's record of
 * the switch starts empty with each session.
 */
public final class OpenFlowRuleProvider implements FlowRuleProvider {
    private static final Logger log = LoggerFactory.getLogger(OpenFlowRuleProvider.class);
    private final Function<DeviceId, Optional<OpenFlowSwitch>> switches;
    private final InstalledFlows tables;
    /** Sessions already cleared of stale rules; weak, so closed sessions fall away. */
    private final Set<OpenFlowSwitch> cleared = Collections.newSetFromMap(Collections.synchronizedMap(new WeakHashMap<>()));

    public OpenFlowRuleProvider(OpenFlowController controller) {
        this(controller::getSwitch);
    }

    /** @param switches the connected switch with a datapath id, if any */
    public OpenFlowRuleProvider(Function<DeviceId, Optional<OpenFlowSwitch>> switches) {
        this.switches = switches;
        this.tables = new InstalledFlows(switches);
    }

    @Override
    public Optional<CompletableFuture<List<DeviceFlowEntry>>> readEntries(DeviceId device) {
        return tables.read(device);
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, List<FlowRuleOperation> operations) {
        Optional<OpenFlowSwitch> sw = switches.apply(device);
        if (sw.isEmpty()) {
            return CompletableFuture.failedFuture(new IllegalStateException("switch " + device + " is not connected"));
        }
        OFFactory f = sw.get().factory();
        FlowRuleTranslator.Messages messages = new FlowRuleTranslator.Messages();
        boolean meters = sw.get().metersPacketIns();
        for (FlowRuleOperation op : operations) {
            messages.addAll(FlowRuleTranslator.toMessages(f, op, meters));
        }
        if (log.isDebugEnabled()) {
            operations.forEach(op -> log.debug("{}: {}", device, op));
        }
        if (cleared.contains(sw.get())) {
            return write(sw.get(), messages.phases());
        }
        // Its own barrier-confirmed write first: without a barrier between them a switch may
        // reorder the delete after the new rules, and it matches them too.
        OFMessage clearStale = f.buildFlowDelete()
                .setTableId(TableId.ALL)
                .setCookie(FlowRuleTranslator.CORE_COOKIE)
                .setCookieMask(OpenFlowPipeline.COOKIE_KIND_MASK)
                .setOutPort(OFPort.ANY)
                .setOutGroup(OFGroup.ANY)
                .build();
        return sw.get().write(List.of(clearStale)).thenCompose(ok -> {
            cleared.add(sw.get());
            return write(sw.get(), messages.phases());
        });
    }

    /** Each phase once the switch confirmed the one before (a batch without groups is one write). */
    private static CompletableFuture<Void> write(OpenFlowSwitch sw, List<List<OFMessage>> phases) {
        CompletableFuture<Void> done = CompletableFuture.completedFuture(null);
        for (List<OFMessage> phase : phases) {
            done = done.thenCompose(ok -> sw.write(phase));
        }
        return done;
    }
}
