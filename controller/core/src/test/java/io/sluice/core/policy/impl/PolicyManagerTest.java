package io.sluice.core.policy.impl;

import static io.sluice.core.policy.PolicyFixtures.base;
import static io.sluice.core.policy.PolicyFixtures.match;
import static io.sluice.core.policy.PolicyFixtures.ports;
import static io.sluice.core.policy.PolicyFixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.core.classify.FlowKey;
import io.sluice.core.classify.FlowObservations;
import io.sluice.core.net.Ip4Address;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.ChangeOutcome;
import io.sluice.core.policy.ClassificationRule;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.service.PolicyListener;
import io.sluice.core.policy.PolicyRejectedException;
import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyStoreException;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import io.sluice.core.policy.TrafficClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The policy's life in core, on the in-memory store: start, changes, refusals, rollback, listeners. */
class PolicyManagerTest {
    private static final OptionalLong ANY = OptionalLong.empty();
    private static final Policy DEFAULT = base().rule(rule("triton", 500, TrafficClass.INFERENCE,
            match().ipProto(6).dstPorts(ports(8000, 8001)))).build();
    private static final Policy TRAINING = base().rule(rule("nccl", 400, TrafficClass.TRAINING,
            match().ipProto(6).dstPorts(ports(29500, 29500)))).build();

    private final InMemoryPolicyStore store = new InMemoryPolicyStore();
    private final StandInPolicyCodec codec = new StandInPolicyCodec();
    private final PolicyManager policies = new PolicyManager(store, codec, DEFAULT);
    private final List<ActivePolicy> heard = new ArrayList<>();

    private static FlowKey tcpTo(int port) {
        return FlowKey.builder().src(Ip4Address.parse("10.0.1.1")).dst(Ip4Address.parse("10.0.2.1")).ipProto(6)
                .srcPort(40000).dstPort(port).build();
    }

    private TrafficClass classOf(int port) {
        return policies.current().classifier().classify(tcpTo(port), FlowObservations.NONE).trafficClass();
    }

    private void started() {
        policies.activate();
        policies.addListener(heard::add);
    }

    @Test
    void notStartedHasNoPolicyInForce() {
        assertThatThrownBy(policies::current).isInstanceOf(IllegalStateException.class).hasMessageContaining("not started");
    }

    @Test
    void anEmptyStoreStartsWithTheDefaultPolicyAsVersionOne() {
        started();
        PolicyVersion v1 = policies.current().version();
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.author()).isEqualTo("sluice");
        assertThat(v1.comment()).isEqualTo("default policy shipped with Sluice");
        assertThat(v1.document()).isEqualTo(codec.write(DEFAULT, null));
        assertThat(policies.current().policy()).isEqualTo(DEFAULT);
        assertThat(classOf(8000)).isEqualTo(TrafficClass.INFERENCE);
        assertThat(heard).as("starting is not a change").isEmpty();
    }

    @Test
    void restartingPutsTheNewestVersionBackInForce() throws Exception {
        started();
        policies.apply(TRAINING, "alice", "nccl", ANY, false);
        PolicyManager again = new PolicyManager(store, codec, DEFAULT);
        again.activate();
        assertThat(again.current().version().version()).isEqualTo(2);
        assertThat(again.current().policy()).isEqualTo(TRAINING);
        assertThat(store.versions()).hasSize(2);
    }

    @Test
    void aChangeIsStoredPutInForceAndToldToListeners() throws Exception {
        started();
        ChangeOutcome c = policies.apply(TRAINING, "alice", "nccl to TRAINING", ANY, false);
        assertThat(c.version()).isEqualTo(2);
        assertThat(c.diff().rulesAdded()).containsExactly("nccl");
        assertThat(c.diff().rulesRemoved()).containsExactly("triton");

        ActivePolicy now = policies.current();
        assertThat(now.version().version()).isEqualTo(2);
        assertThat(now.version().author()).isEqualTo("alice");
        assertThat(now.version().comment()).isEqualTo("nccl to TRAINING");
        assertThat(now.policy()).isEqualTo(TRAINING);
        assertThat(classOf(29500)).as("the classifier is the new policy's").isEqualTo(TrafficClass.TRAINING);
        assertThat(classOf(8000)).isEqualTo(TrafficClass.BEST_EFFORT);
        assertThat(heard).containsExactly(now);
        assertThat(policies.versions()).extracting(PolicyVersion::version).containsExactly(1L, 2L);
        assertThat(policies.version(2)).contains(now.version());
        assertThat(policies.policyAt(1)).contains(DEFAULT);
        assertThat(policies.policyAt(3)).isEmpty();
    }

    @Test
    void aDryRunDiffsAndChangesNothing() throws Exception {
        started();
        ActivePolicy before = policies.current();
        ChangeOutcome c = policies.apply(TRAINING, "alice", "try", ANY, true);
        assertThat(c.version()).isZero();
        assertThat(c.diff().rulesAdded()).containsExactly("nccl");
        assertThat(policies.current()).isSameAs(before);
        assertThat(store.versions()).hasSize(1);
        assertThat(heard).isEmpty();
    }

    @Test
    void applyingWhatIsInForceMakesNoVersion() throws Exception {
        started();
        ChangeOutcome c = policies.apply(base().rule(rule("triton", 500, TrafficClass.INFERENCE,
                match().ipProto(6).dstPorts(ports(8000, 8001)))).build(), "alice", "again", OptionalLong.of(1), false);
        assertThat(c.version()).isEqualTo(1);
        assertThat(c.diff().isEmpty()).isTrue();
        assertThat(store.versions()).hasSize(1);
        assertThat(heard).isEmpty();
    }

    @Test
    void aChangeBasedOnAnOlderVersionIsRefusedAndChangesNothing() throws Exception {
        started();
        policies.apply(TRAINING, "alice", "first", OptionalLong.of(1), false);
        ActivePolicy before = policies.current();
        Policy other = DEFAULT.withInferenceHotPercent(70);
        assertThatThrownBy(() -> policies.apply(other, "bob", "late", OptionalLong.of(1), false))
                .isInstanceOfSatisfying(StaleVersionException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThatThrownBy(() -> policies.apply(other, "bob", "late dry run", OptionalLong.of(1), true))
                .isInstanceOf(StaleVersionException.class);
        assertThatThrownBy(() -> policies.rollback(1, "bob", OptionalLong.of(1)))
                .isInstanceOf(StaleVersionException.class);
        assertThat(policies.current()).isSameAs(before);
        assertThat(store.versions()).hasSize(2);
        assertThat(heard).hasSize(1);
        // Based on the version in force, it goes through.
        assertThat(policies.apply(other, "bob", "rebased", OptionalLong.of(2), false).version()).isEqualTo(3);
    }

    @Test
    void anInvalidPolicyIsRefusedWithEveryErrorAtItsLineAndChangesNothing() {
        started();
        ActivePolicy before = policies.current();
        // Two rules of one priority that overlap and disagree, and a DSCP out of range.
        Policy bad = base().profile(TrafficClass.TRAINING, 99, 3, 40, 90)
                .rules(rule("a", 10, TrafficClass.INFERENCE, match().ipProto(6)),
                        rule("b", 10, TrafficClass.TRAINING, match().ipProto(6)))
                .build();
        ParsedPolicy parsed = ParsedPolicy.of(bad, List.of(), field -> field.startsWith("classes") ? 3 : 12);
        assertThatThrownBy(() -> policies.apply(parsed, "alice", "bad", ANY, false))
                .isInstanceOfSatisfying(PolicyRejectedException.class, e -> {
                    assertThat(e.errors()).extracting(PolicyError::field).contains("classes.TRAINING.dscp");
                    assertThat(e.errors()).allSatisfy(err -> assertThat(err.line()).isPositive());
                    assertThat(e.errors()).extracting(PolicyError::line).isSorted();
                });
        assertThatThrownBy(() -> policies.apply(bad, "alice", "bad, built in code", ANY, false))
                .isInstanceOf(PolicyRejectedException.class);
        assertThatThrownBy(() -> policies.apply(parsed, "alice", "bad dry run", ANY, true))
                .isInstanceOf(PolicyRejectedException.class);
        assertThat(policies.current()).isSameAs(before);
        assertThat(store.versions()).hasSize(1);
        assertThat(heard).isEmpty();
    }

    @Test
    void readErrorsAndTheValidatorsComeTogetherOncePerField() {
        started();
        Policy withoutTraining = base().withoutClass(TrafficClass.TRAINING).build();
        PolicyError unreadable = PolicyError.of(null, 4, "classes.TRAINING", "must be a mapping of dscp, queue, ...");
        PolicyError typo = PolicyError.of(null, 9, "behaviour.minByte", "unknown field 'minByte'");
        ParsedPolicy parsed = ParsedPolicy.of(withoutTraining, List.of(typo, unreadable), field -> 2);
        assertThatThrownBy(() -> policies.apply(parsed, "alice", "", ANY, false))
                .isInstanceOfSatisfying(PolicyRejectedException.class, e -> {
                    assertThat(e.errors()).first().isEqualTo(unreadable);
                    assertThat(e.errors()).filteredOn(err -> err.field().equals("classes.TRAINING")).hasSize(1);
                    assertThat(e.errors()).contains(typo);
                    assertThat(e.errors()).extracting(PolicyError::line).isSorted();
                });
        ParsedPolicy notEvenAPolicy = ParsedPolicy.of(null, List.of(PolicyError.of(null, 7, "document", "not YAML")));
        assertThatThrownBy(() -> policies.apply(notEvenAPolicy, "alice", "", ANY, true))
                .isInstanceOfSatisfying(PolicyRejectedException.class,
                        e -> assertThat(e.errors()).extracting(PolicyError::message).containsExactly("not YAML"));
        assertThat(store.versions()).hasSize(1);
    }

    @Test
    void aStoreThatFailsToWriteLeavesThePolicyInForceAsItWas() throws Exception {
        FailingStore failing = new FailingStore(store);
        PolicyManager m = new PolicyManager(failing, codec, DEFAULT);
        m.activate();
        m.addListener(heard::add);
        ActivePolicy before = m.current();
        failing.fail = true;
        assertThatThrownBy(() -> m.apply(TRAINING, "alice", "", ANY, false))
                .isInstanceOf(PolicyStoreException.class).hasMessageContaining("disk full");
        assertThat(m.current()).isSameAs(before);
        assertThat(store.versions()).hasSize(1);
        assertThat(heard).isEmpty();
        failing.fail = false;
        assertThat(m.apply(TRAINING, "alice", "", ANY, false).version()).as("nothing half done blocks the next")
                .isEqualTo(2);
    }

    @Test
    void rollbackPutsAnOldVersionBackAsANewOne() throws Exception {
        started();
        policies.apply(TRAINING, "alice", "", ANY, false);
        ChangeOutcome back = policies.rollback(1, "bob", OptionalLong.of(2));
        assertThat(back.version()).isEqualTo(3);
        assertThat(back.diff().rulesAdded()).containsExactly("triton");
        assertThat(policies.current().policy()).isEqualTo(DEFAULT);
        assertThat(policies.current().version().comment()).isEqualTo("rollback to v1");
        assertThat(policies.current().version().author()).isEqualTo("bob");
        assertThat(classOf(8000)).isEqualTo(TrafficClass.INFERENCE);
        assertThat(heard).extracting(a -> a.version().version()).containsExactly(2L, 3L);
        assertThatThrownBy(() -> policies.rollback(9, "bob", ANY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no policy version 9");
        assertThat(store.versions()).hasSize(3);
    }

    @Test
    void diffBetweenStoredVersions() throws Exception {
        started();
        policies.apply(TRAINING, "alice", "", ANY, false);
        assertThat(policies.diff(1, 2).rulesAdded()).containsExactly("nccl");
        assertThat(policies.diff(2, 1).rulesAdded()).containsExactly("triton");
        assertThat(policies.diff(2, 2).isEmpty()).isTrue();
        assertThatThrownBy(() -> policies.diff(1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no policy version 5");
    }

    @Test
    void aListenerThatFailsDoesNotKeepTheOthersFromHearingAndCanBeRemoved() throws Exception {
        started();
        List<Long> second = new ArrayList<>();
        policies.addListener(now -> {
            throw new IllegalStateException("listener bug");
        });
        PolicyListener counting = now -> second.add(now.version().version());
        policies.addListener(counting);
        policies.apply(TRAINING, "alice", "", ANY, false);
        assertThat(heard).hasSize(1);
        assertThat(second).containsExactly(2L);
        assertThat(policies.current().version().version()).isEqualTo(2);

        policies.removeListener(counting);
        policies.apply(DEFAULT, "alice", "", ANY, false);
        assertThat(second).containsExactly(2L);
        assertThat(heard).hasSize(2);
    }

    @Test
    void aNewestVersionThatNoLongerLoadsDoesNotKeepTheControllerDown() {
        started();
        // As an older Sluice with looser rules might have stored it: DSCP 99 is not valid today.
        Policy looser = base().profile(TrafficClass.TRAINING, 99, 3, 40, 90).build();
        store.append(codec.write(looser, null), "old-sluice", "looser days", OptionalLong.of(1));
        PolicyManager again = new PolicyManager(store, codec, DEFAULT);
        again.activate();
        assertThat(again.current().version().version()).as("the newest valid version").isEqualTo(1);
        assertThat(store.versions()).hasSize(2);
    }

    @Test
    void aStoreWithNoValidVersionStartsWithTheDefaultAsANewVersion() {
        store.append("something an older Sluice wrote", "old-sluice", "", ANY);
        policies.activate();
        assertThat(policies.current().version().version()).isEqualTo(2);
        assertThat(policies.current().version().comment()).isEqualTo("default policy: no stored version was valid");
        assertThat(policies.current().policy()).isEqualTo(DEFAULT);
    }

    @Test
    void anInvalidDefaultIsRefusedBeforeAnythingIsStored() {
        Policy bad = base().profile(TrafficClass.TRAINING, 99, 3, 40, 90).build();
        PolicyManager m = new PolicyManager(store, codec, bad);
        assertThatThrownBy(m::activate).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the default policy is not valid");
        assertThat(store.versions()).isEmpty();
    }

    @Test
    void deactivatingClosesTheStore() {
        started();
        policies.deactivate();
        assertThatThrownBy(store::versions).isInstanceOf(IllegalStateException.class);
        assertThat(policies.current().version().version()).isEqualTo(1);
    }

    @Test
    void ruleEditsAreChangesOfThePolicyInForce() throws Exception {
        started();
        ActivePolicy snapshot = policies.current();
        List<ClassificationRule> rules = new ArrayList<>(snapshot.policy().rules());
        rules.add(rule("ssh", 600, TrafficClass.CONTROL, match().ipProto(6).dstPorts(ports(22, 22))));
        ChangeOutcome c = policies.apply(snapshot.policy().withRules(rules), "alice", "rule ssh added",
                OptionalLong.of(snapshot.version().version()), false);
        assertThat(c.diff().rulesAdded()).containsExactly("ssh");
        assertThat(classOf(22)).isEqualTo(TrafficClass.CONTROL);
        // An edit made against the snapshot it read, after someone else's change, is refused.
        assertThatThrownBy(() -> policies.apply(snapshot.policy(), "bob", "rule ssh deleted",
                OptionalLong.of(snapshot.version().version()), false)).isInstanceOf(StaleVersionException.class);
    }

    /** Delegates to a real store, and refuses to write while {@code fail} is set, as a full disk would. */
    private static final class FailingStore implements PolicyStore {
        private final PolicyStore delegate;
        volatile boolean fail;

        FailingStore(PolicyStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<PolicyVersion> latest() {
            return delegate.latest();
        }

        @Override
        public Optional<PolicyVersion> get(long version) {
            return delegate.get(version);
        }

        @Override
        public List<PolicyVersion> versions() {
            return delegate.versions();
        }

        @Override
        public PolicyVersion append(String document, String author, String comment, OptionalLong expectedLatest) {
            if (fail) {
                throw new PolicyStoreException("stand-in store: disk full");
            }
            return delegate.append(document, author, comment, expectedLatest);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
