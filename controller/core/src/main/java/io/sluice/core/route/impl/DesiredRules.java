package io.sluice.core.route.impl;

import io.sluice.core.device.DeviceId;
import io.sluice.core.flow.FlowRule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules routing wants on every switch, each with its install round: rules for switches nearer
 * the destination go first, so that no switch forwards into one that does not yet know the way.
 */
final class DesiredRules {
    private final Map<DeviceId, List<FlowRule>> byDevice = new HashMap<>();
    private final Map<FlowRule.Key, Integer> round = new HashMap<>();
    private int lastRound;

    void add(FlowRule rule, int installRound) {
        byDevice.computeIfAbsent(rule.device(), k -> new ArrayList<>()).add(rule);
        round.put(rule.key(), installRound);
        lastRound = Math.max(lastRound, installRound);
    }

    List<FlowRule> rules(DeviceId device) {
        return Collections.unmodifiableList(byDevice.getOrDefault(device, List.of()));
    }

    /** The round a desired rule is installed in (0 first). */
    int round(FlowRule rule) {
        return round.getOrDefault(rule.key(), 0);
    }

    int lastRound() {
        return lastRound;
    }

    int size() {
        return round.size();
    }
}
