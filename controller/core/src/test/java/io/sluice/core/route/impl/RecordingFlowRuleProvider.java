package io.sluice.core.route.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowRuleProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every batch core hands the southbound, in order, and confirms it at once, or refuses it
 * for switches a test marks as failing. Unit tests of core's decisions use it; what a switch makes
 * of the batches is tested in the OpenFlow module against a fake pipeline and end to end on OVS.
 */
final class RecordingFlowRuleProvider implements FlowRuleProvider {
    /** One apply() call. */
    static final class Batch {
        final DeviceId device;
        final List<FlowRuleOperation> ops;

        Batch(DeviceId device, List<FlowRuleOperation> ops) {
            this.device = device;
            this.ops = List.copyOf(ops);
        }
    }

    final List<Batch> batches = new ArrayList<>();
    final Set<DeviceId> failing = ConcurrentHashMap.newKeySet();

    @Override
    public synchronized CompletableFuture<Void> apply(DeviceId device, List<FlowRuleOperation> operations) {
        batches.add(new Batch(device, operations));
        if (failing.contains(device)) {
            return CompletableFuture.failedFuture(new IllegalStateException("switch " + device + " refused"));
        }
        return CompletableFuture.completedFuture(null);
    }

    synchronized List<Batch> batches() {
        return new ArrayList<>(batches);
    }

    synchronized List<FlowRuleOperation> ops() {
        List<FlowRuleOperation> out = new ArrayList<>();
        batches.forEach(b -> out.addAll(b.ops));
        return out;
    }

    synchronized void clear() {
        batches.clear();
    }
}
