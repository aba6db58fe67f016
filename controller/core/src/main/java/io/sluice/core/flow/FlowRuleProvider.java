package io.sluice.core.flow;

import io.sluice.core.device.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A southbound that can put rules on switches: translates them and confirms they took effect. */
public interface FlowRuleProvider {
    /**
     * Makes the changes on {@code device}, in order. The future completes once the switch has
     * confirmed all of them (OpenFlow: a barrier reply), and fails if the switch refused any, is not
     * connected, or did not answer in time. The first write to a switch after it (re)connects also
     * clears rules an earlier controller session left behind.
     */
    CompletableFuture<Void> apply(DeviceId device, List<FlowRuleOperation> operations);

    /**
     * Reads {@code device}'s tables back as the switch holds them (not as core meant them), each
     * entry explained; empty when the switch is not connected through this provider, or when the
     * provider cannot read tables back.
     */
    default Optional<CompletableFuture<List<DeviceFlowEntry>>> readEntries(DeviceId device) {
        return Optional.empty();
    }
}
