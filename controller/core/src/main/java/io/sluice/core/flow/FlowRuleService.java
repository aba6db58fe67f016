package io.sluice.core.flow;

import io.sluice.core.device.DeviceId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rules core has installed on each switch, and the one way to change them: apply a
 * {@link FlowRuleDiff} computed against {@link #installedRules}, so that only the difference is
 * ever written. Forgets a switch's rules when it disconnects.
 */
public interface FlowRuleService {
    /** The rules confirmed installed on {@code device}, in id order. */
    List<InstalledRule> installedRules(DeviceId device);

    /** The installed rule with this id on {@code device}. */
    Optional<InstalledRule> installedRule(DeviceId device, long id);

    /** The installed rule in {@code slot} on {@code device}. */
    Optional<InstalledRule> installedRule(DeviceId device, FlowRule.Key slot);

    /**
     * Writes {@code diff} to {@code device} (relabels need no write) and, once the switch confirms
     * it, records the result as installed. If the write fails, the rules it touched count as not
     * installed, so the next diff writes them again.
     */
    CompletableFuture<Void> apply(DeviceId device, FlowRuleDiff diff);

    /**
     * The switch removed the rule by itself (its idle timeout ran out): it no longer counts as
     * installed. Only timed rules expire; a permanent rule's record is left alone.
     */
    void expired(DeviceId device, long id);

    /** {@code device}'s tables as the switch reports them, explained; empty when it is not connected. */
    Optional<CompletableFuture<List<DeviceFlowEntry>>> readEntries(DeviceId device);
}
