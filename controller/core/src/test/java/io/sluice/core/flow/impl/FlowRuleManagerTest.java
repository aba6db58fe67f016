package io.sluice.core.flow.impl;

import io.sluice.core.device.Ids;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.core.device.Device;
import io.sluice.core.device.DeviceId;
import io.sluice.core.device.impl.DeviceManager;
import io.sluice.core.flow.FlowRule;
import io.sluice.core.flow.FlowRuleDiff;
import io.sluice.core.flow.FlowRuleOperation;
import io.sluice.core.flow.FlowRuleProvider;
import io.sluice.core.flow.FlowTable;
import io.sluice.core.flow.InstalledRule;
import io.sluice.core.flow.TrafficSelector;
import io.sluice.core.flow.TrafficTreatment;
import io.sluice.core.net.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The record of installed rules follows confirmations only: never more than the switch has. */
class FlowRuleManagerTest {
    private static final DeviceId SW = Ids.of(1);

    /** Hands each batch a future the test completes, so confirmation order is the test's to choose. */
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final List<List<FlowRuleOperation>> batches = new ArrayList<>();
    private final FlowRuleProvider provider = (device, ops) -> {
        batches.add(ops);
        CompletableFuture<Void> f = new CompletableFuture<>();
        pending.add(f);
        return f;
    };
    private final DeviceManager devices = new DeviceManager();
    private final FlowRuleManager rules = new FlowRuleManager(provider, devices);

    @BeforeEach
    void connect() {
        rules.activate();
        devices.deviceConnected(Device.builder(SW).build());
    }

    private static FlowRule route(long mac, long port) {
        return FlowRule.of(SW, FlowTable.ROUTE, 1000, TrafficSelector.builder().ethDst(MacAddress.of(mac)).build(),
                TrafficTreatment.output(port), "to " + mac + " via " + port);
    }

    private FlowRuleDiff diffTo(FlowRule... desired) {
        List<FlowRule> installed = new ArrayList<>();
        rules.installedRules(SW).forEach(r -> installed.add(r.rule()));
        return FlowRuleDiff.between(installed, List.of(desired));
    }

    @Test
    void rulesCountAsInstalledOnlyOnceConfirmedAndKeepTheirIdWhenModified() {
        rules.apply(SW, diffTo(route(1, 1)));
        assertThat(rules.installedRules(SW)).as("not confirmed yet").isEmpty();
        pending.get(0).complete(null);
        long id = rules.installedRules(SW).get(0).id();

        rules.apply(SW, diffTo(route(1, 2)));
        assertThat(batches.get(1)).singleElement()
                .satisfies(op -> assertThat(op.type()).isEqualTo(FlowRuleOperation.Type.MODIFY))
                .satisfies(op -> assertThat(op.rule().id()).isEqualTo(id));
        pending.get(1).complete(null);
        assertThat(rules.installedRules(SW)).extracting(InstalledRule::id).containsExactly(id);
        assertThat(rules.installedRule(SW, id).orElseThrow().rule().treatment().outputPort()).isEqualTo(2L);
    }

    @Test
    void aRefusedWriteLeavesAddsUnrecordedAndRemovalsStillRecorded() {
        rules.apply(SW, diffTo(route(1, 1)));
        pending.get(0).complete(null);
        rules.apply(SW, diffTo(route(2, 2)));
        pending.get(1).completeExceptionally(new IllegalStateException("refused"));
        assertThat(rules.installedRules(SW)).extracting(r -> r.rule().selector().ethDst())
                .as("the add is unknown, so not recorded; the removal failed, so rule 1 is still there")
                .containsExactly(MacAddress.of(1));
    }

    @Test
    void aSwitchThatDisconnectsIsForgottenAndALateConfirmationDoesNotBringItsRulesBack() {
        rules.apply(SW, diffTo(route(1, 1)));
        devices.deviceDisconnected(SW);
        pending.get(0).complete(null);
        assertThat(rules.installedRules(SW)).isEmpty();
    }

    @Test
    void aRelabelNeedsNoWrite() {
        rules.apply(SW, diffTo(route(1, 1)));
        pending.get(0).complete(null);
        FlowRule renamed = FlowRule.of(SW, FlowTable.ROUTE, 1000,
                TrafficSelector.builder().ethDst(MacAddress.of(1)).build(), TrafficTreatment.output(1), "new reason");
        assertThat(rules.apply(SW, diffTo(renamed))).isDone();
        assertThat(batches).hasSize(1);
        assertThat(rules.installedRules(SW).get(0).rule().reason()).isEqualTo("new reason");
    }

    @Test
    void aRuleIsFoundByIdAndBySlotAndOnlyATimedRuleExpires() {
        FlowRule permanent = route(1, 1);
        FlowRule timed = route(2, 2).withIdleTimeout(10);
        rules.apply(SW, diffTo(permanent, timed));
        pending.get(0).complete(null);
        long permanentId = rules.installedRule(SW, permanent.key()).orElseThrow().id();
        long timedId = rules.installedRule(SW, timed.key()).orElseThrow().id();
        assertThat(rules.installedRule(SW, timedId).orElseThrow().rule()).isEqualTo(timed);

        rules.expired(SW, permanentId);
        rules.expired(SW, timedId);
        assertThat(rules.installedRule(SW, permanentId)).as("a permanent rule does not time out").isPresent();
        assertThat(rules.installedRule(SW, timedId)).isEmpty();
        assertThat(rules.installedRule(SW, timed.key())).isEmpty();
        // Removing by diff keeps the id index in step too.
        rules.apply(SW, diffTo());
        pending.get(1).complete(null);
        assertThat(rules.installedRule(SW, permanentId)).isEmpty();
    }
}
