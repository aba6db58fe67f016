package io.sluice.server.policy;

import io.dropwizard.lifecycle.Managed;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyDiff;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.PolicyValidator;
import io.sluice.server.policy.store.PolicyStore;
import io.sluice.server.policy.store.PolicyVersion;
import io.sluice.server.policy.store.StaleVersionException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force: the latest version in the store, with its compiled classifier. A change is
 * parsed, validated and compiled first, stored as a new version in one transaction, and only then
 * put in force; a change that fails any step leaves everything as it was. An empty store starts
 * with the default policy shipped with Sluice ({@code policy/default.yaml}) as version 1.
 */
public final class PolicyManager implements Managed {
    private static final Logger log = LoggerFactory.getLogger(PolicyManager.class);
    static final String DEFAULT_RESOURCE = "/io/sluice/server/policy/default.yaml";

    private final PolicyStore store;
    private final List<Consumer<InForce>> listeners = new CopyOnWriteArrayList<>();
    private volatile InForce current;

    public PolicyManager(PolicyStore store) {
        this.store = store;
    }

    /** The policy in force and what it was stored as. Immutable. */
    public static final class InForce {
        private final PolicyVersion version;
        private final Policy policy;
        private final IndexedClassifier classifier;

        InForce(PolicyVersion version, Policy policy, IndexedClassifier classifier) {
            this.version = version;
            this.policy = policy;
            this.classifier = classifier;
        }

        public PolicyVersion version() {
            return version;
        }

        public Policy policy() {
            return policy;
        }

        public IndexedClassifier classifier() {
            return classifier;
        }
    }

    /** The outcome of a change: the version it became (0 for a dry run) and what it changed. */
    public static final class Change {
        private final long version;
        private final PolicyDiff diff;

        Change(long version, PolicyDiff diff) {
            this.version = version;
            this.diff = diff;
        }

        public long version() {
            return version;
        }

        public PolicyDiff diff() {
            return diff;
        }
    }

    @Override
    public synchronized void start() {
        Optional<PolicyVersion> latest = store.latest();
        if (latest.isEmpty()) {
            Policy initial = read(defaultText(), "the default policy " + DEFAULT_RESOURCE);
            PolicyVersion v = store.append(PolicyDocument.toJson(initial), "sluice", "default policy shipped with Sluice",
                    OptionalLong.of(0));
            current = new InForce(v, initial, compile(initial, "the default policy"));
            log.info("policy: store was empty; v{} is the default policy ({} rules)", v.version(), initial.rules().size());
            return;
        }
        // The newest version that still loads goes in force. One that no longer does (written by
        // an older Sluice whose rules were looser) is reported, not fatal: the controller must come
        // up so that an operator can fix the policy over REST.
        List<PolicyVersion> all = store.versions();
        for (int i = all.size() - 1; i >= 0; i--) {
            PolicyVersion v = all.get(i);
            try {
                Policy p = read(v.document(), "stored policy v" + v.version());
                current = new InForce(v, p, compile(p, "stored policy v" + v.version()));
                if (i < all.size() - 1) {
                    log.error("policy: v{} is the newest version that is valid; v{} and later are not and are NOT "
                            + "in force: apply a corrected policy", v.version(), v.version() + 1);
                } else {
                    log.info("policy: v{} in force ({} rules, by {} at {})", v.version(), p.rules().size(),
                            v.author(), v.createdAt());
                }
                return;
            } catch (IllegalStateException e) {
                log.error("policy: cannot put v{} in force: {}", v.version(), e.getMessage());
            }
        }
        Policy initial = read(defaultText(), "the default policy " + DEFAULT_RESOURCE);
        PolicyVersion v = store.append(PolicyDocument.toJson(initial), "sluice",
                "default policy: no stored version was valid", OptionalLong.of(all.get(all.size() - 1).version()));
        current = new InForce(v, initial, compile(initial, "the default policy"));
        log.error("policy: no stored version is valid; v{} is the default policy", v.version());
    }

    @Override
    public void stop() {
        store.close();
    }

    /** Told, on the changing thread, of each new policy put in force; must return quickly. */
    public void addListener(Consumer<InForce> listener) {
        listeners.add(listener);
    }

    public InForce current() {
        InForce c = current;
        if (c == null) {
            throw new IllegalStateException("policy manager not started");
        }
        return c;
    }

    public PolicyStore store() {
        return store;
    }

    /**
     * Validates {@code parsed} (its read errors first) and, unless {@code dryRun}, stores it as a new
     * version and puts it in force.
     *
     * @param base the version the change was made against; a newer one in the store refuses it
     * @throws PolicyRejectedException with every error, line numbers included when it came from text
     * @throws StaleVersionException   if {@code base} is not the latest version
     */
    public synchronized Change apply(PolicyDocument.Parsed parsed, String author, String comment, OptionalLong base,
            boolean dryRun) throws PolicyRejectedException {
        if (parsed.policy() == null) {
            throw new PolicyRejectedException(parsed.errors());
        }
        if (!parsed.errors().isEmpty()) {
            // Report what could not be read and what is wrong with the rest in one go, but not twice
            // for one field (a class that could not be read is also a class that is missing).
            List<PolicyError> all = new ArrayList<>(parsed.errors());
            Set<String> reported = new HashSet<>();
            parsed.errors().forEach(e -> reported.add(e.field()));
            for (PolicyError e : parsed.locate(PolicyValidator.validate(parsed.policy()))) {
                if (!reported.contains(e.field())) {
                    all.add(e);
                }
            }
            all.sort(Comparator.comparingInt(PolicyError::line));
            throw new PolicyRejectedException(all);
        }
        return change(parsed.policy(), parsed::locate, author, comment, base, dryRun);
    }

    /** The same for a policy built in code (rule edits); it is validated here. */
    public synchronized Change apply(Policy next, String author, String comment, OptionalLong base, boolean dryRun)
            throws PolicyRejectedException {
        return change(next, errors -> errors, author, comment, base, dryRun);
    }

    /** Compiling validates: the policy is checked once, and its errors get their lines from {@code locate}. */
    private Change change(Policy next, UnaryOperator<List<PolicyError>> locate, String author, String comment,
            OptionalLong base, boolean dryRun) throws PolicyRejectedException {
        InForce now = current();
        if (base.isPresent() && base.getAsLong() != now.version().version()) {
            throw new StaleVersionException(base.getAsLong(), now.version().version());
        }
        IndexedClassifier compiled;
        try {
            compiled = IndexedClassifier.compile(next);
        } catch (InvalidPolicyException e) {
            List<PolicyError> located = new ArrayList<>(locate.apply(e.errors()));
            located.sort(Comparator.comparingInt(PolicyError::line));
            throw new PolicyRejectedException(located);
        }
        PolicyDiff diff = PolicyDiff.between(now.policy(), next);
        if (dryRun) {
            return new Change(0, diff);
        }
        if (diff.isEmpty() && next.equals(now.policy())) {
            // Applying what is in force changes nothing, so it makes no version: applying a file
            // from version control twice is harmless.
            return new Change(now.version().version(), diff);
        }
        PolicyVersion v = store.append(PolicyDocument.toJson(next), author, comment,
                OptionalLong.of(now.version().version()));
        current = new InForce(v, next, compiled);
        log.info("policy: v{} in force by {} ({}): {}", v.version(), author, comment, diff);
        for (Consumer<InForce> l : listeners) {
            try {
                l.accept(current);
            } catch (RuntimeException e) {
                log.error("policy: a listener failed on v{}", v.version(), e);
            }
        }
        return new Change(v.version(), diff);
    }

    /** Puts version {@code v}'s policy back in force, as a new version (if {@code base} is still the latest). */
    public synchronized Change rollback(long v, String author, OptionalLong base) throws PolicyRejectedException {
        PolicyVersion old = store.get(v).orElseThrow(() -> new IllegalArgumentException("no policy version " + v));
        Policy p = read(old.document(), "stored policy v" + v);
        return apply(p, author, "rollback to v" + v, base, false);
    }

    /** A stored version's policy. */
    public Optional<Policy> policyAt(long v) {
        return store.get(v).map(pv -> read(pv.document(), "stored policy v" + v));
    }

    private static Policy read(String text, String what) {
        PolicyDocument.Parsed parsed = PolicyDocument.parse(text);
        if (!parsed.errors().isEmpty() || parsed.policy() == null) {
            throw new IllegalStateException(what + " cannot be read: " + parsed.errors());
        }
        return parsed.policy();
    }

    private static IndexedClassifier compile(Policy p, String what) {
        try {
            return IndexedClassifier.compile(p);
        } catch (InvalidPolicyException e) {
            throw new IllegalStateException(what + " is not valid: " + e.errors());
        }
    }

    static String defaultText() {
        try (InputStream in = PolicyManager.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default policy " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the default policy", e);
        }
    }
}
