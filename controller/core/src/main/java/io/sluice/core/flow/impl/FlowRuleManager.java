package io.sluice.core.flow.impl;

import io.sluice.core.device.DeviceEvent;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.DeviceListener;
import io.sluice.core.device.DeviceService;
import io.sluice.core.flow.DeviceFlowEntry;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.flow.FlowRuleService;
import io.sluice.core.flow.InstalledRule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Keeps, per switch, the rules confirmed installed there and hands out their ids. Writes go to the
 * {@link FlowRuleProvider}; the bookkeeping changes only once the switch confirms, so what this
 * class reports is what the switch has (or, after a failed write, less: never more).
 */
public final class FlowRuleManager implements FlowRuleService {
    private final FlowRuleProvider provider;
    private final DeviceService devices;
    private final DeviceListener deviceListener = this::deviceChanged;
    /** Guarded by this. */
    private final Map<DeviceId, DeviceRules> byDevice = new HashMap<>();
    private long nextId = InstalledRule.FIRST_ID;

    public FlowRuleManager(FlowRuleProvider provider, DeviceService devices) {
        this.provider = provider;
        this.devices = devices;
    }

    public void activate() {
        devices.addListener(deviceListener);
    }

    public void deactivate() {
        devices.removeListener(deviceListener);
    }

    @Override
    public synchronized List<InstalledRule> installedRules(DeviceId device) {
        DeviceRules d = byDevice.get(device);
        if (d == null) {
            return List.of();
        }
        List<InstalledRule> out = new ArrayList<>(d.slots.values());
        out.sort(Comparator.comparingLong(InstalledRule::id));
        return out;
    }

    @Override
    public synchronized Optional<InstalledRule> installedRule(DeviceId device, long id) {
        DeviceRules d = byDevice.get(device);
        return d == null ? Optional.empty() : Optional.ofNullable(d.byId.get(id));
    }

    @Override
    public synchronized Optional<InstalledRule> installedRule(DeviceId device, FlowRule.Key slot) {
        DeviceRules d = byDevice.get(device);
        return d == null ? Optional.empty() : Optional.ofNullable(d.slots.get(slot));
    }

    @Override
    public CompletableFuture<Void> apply(DeviceId device, FlowRuleDiff diff) {
        List<FlowRuleOperation> ops = new ArrayList<>();
        long generation;
        synchronized (this) {
            DeviceRules d = byDevice.computeIfAbsent(device, k -> new DeviceRules());
            generation = d.generation;
            for (FlowRule r : diff.relabelled()) {
                InstalledRule old = d.slots.get(r.key());
                if (old != null) {
                    d.put(r.key(), InstalledRule.of(old.id(), r));
                }
            }
            for (FlowRule r : diff.added()) {
                InstalledRule old = d.slots.get(r.key());
                // A slot we already hold is rewritten with its id, so the switch's copy keeps it.
                ops.add(FlowRuleOperation.of(FlowRuleOperation.Type.ADD,
                        InstalledRule.of(old != null ? old.id() : allocateId(), r)));
            }
            for (FlowRule r : diff.modified()) {
                InstalledRule old = d.slots.get(r.key());
                ops.add(old != null
                        ? FlowRuleOperation.modify(InstalledRule.of(old.id(), r), old.rule())
                        : FlowRuleOperation.of(FlowRuleOperation.Type.ADD, InstalledRule.of(allocateId(), r)));
            }
            for (FlowRule r : diff.removed()) {
                InstalledRule old = d.slots.get(r.key());
                if (old != null) {
                    ops.add(FlowRuleOperation.of(FlowRuleOperation.Type.REMOVE, old));
                }
            }
        }
        if (ops.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return provider.apply(device, ops).whenComplete((ok, error) -> record(device, generation, ops, error == null));
    }

    private synchronized void record(DeviceId device, long generation, List<FlowRuleOperation> ops, boolean confirmed) {
        DeviceRules d = byDevice.get(device);
        if (d == null || d.generation != generation) {
            return; // the switch went away meanwhile: whatever it had is gone with the session
        }
        for (FlowRuleOperation op : ops) {
            FlowRule.Key key = op.rule().rule().key();
            if (op.type() == FlowRuleOperation.Type.REMOVE) {
                if (confirmed) {
                    d.remove(key);
                }
            } else if (confirmed) {
                d.put(key, op.rule());
            } else {
                d.remove(key); // unknown state: the next diff adds it again
            }
        }
    }

    @Override
    public Optional<CompletableFuture<List<DeviceFlowEntry>>> readEntries(DeviceId device) {
        return provider.readEntries(device).map(reading -> reading.thenApply(entries -> {
            List<DeviceFlowEntry> out = new ArrayList<>(entries.size());
            for (DeviceFlowEntry e : entries) {
                out.add(e.ruleId().isPresent() ? e.withReason(reasonOf(device, e.ruleId().getAsLong())) : e);
            }
            return out;
        }));
    }

    private String reasonOf(DeviceId device, long id) {
        return installedRule(device, id).map(r -> r.rule().reason())
                .orElse("Sluice rule #" + Long.toHexString(id) + " that core does not count as installed (being "
                        + "changed, or its last write was not confirmed; the next routing run settles it)");
    }

    @Override
    public synchronized void expired(DeviceId device, long id) {
        DeviceRules d = byDevice.get(device);
        InstalledRule r = d == null ? null : d.byId.get(id);
        if (r != null && r.rule().idleTimeoutSeconds() > 0) {
            d.remove(r.rule().key());
        }
    }

    private long allocateId() {
        long id = nextId;
        nextId = nextId >= InstalledRule.MAX_ID ? InstalledRule.FIRST_ID : nextId + 1;
        return id;
    }

    private void deviceChanged(DeviceEvent event) {
        if (event.type() == DeviceEvent.Type.DEVICE_REMOVED) {
            forget(event.subject().id());
        }
    }

    private synchronized void forget(DeviceId device) {
        DeviceRules d = byDevice.remove(device);
        if (d != null) {
            // A write still in flight must not resurrect the old session's rules.
            DeviceRules fresh = new DeviceRules();
            fresh.generation = d.generation + 1;
            byDevice.put(device, fresh);
        }
    }

    /** One switch's record: by slot, and by id (a packet-in or a counter names a rule by its id). */
    private static final class DeviceRules {
        final Map<FlowRule.Key, InstalledRule> slots = new HashMap<>();
        final Map<Long, InstalledRule> byId = new HashMap<>();
        long generation;

        void put(FlowRule.Key key, InstalledRule rule) {
            InstalledRule old = slots.put(key, rule);
            if (old != null && old.id() != rule.id()) {
                byId.remove(old.id());
            }
            byId.put(rule.id(), rule);
        }

        void remove(FlowRule.Key key) {
            InstalledRule old = slots.remove(key);
            if (old != null) {
                byId.remove(old.id());
            }
        }
    }
}
