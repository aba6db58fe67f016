package io.sluice.core.policy.impl;

import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.ChangeOutcome;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyCodec;
import io.sluice.core.policy.PolicyDiff;
import io.sluice.core.policy.PolicyError;
import io.sluice.core.policy.service.PolicyListener;
import io.sluice.core.policy.PolicyRejectedException;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.policy.PolicyStore;
import io.sluice.core.policy.PolicyValidator;
import io.sluice.core.policy.PolicyVersion;
import io.sluice.core.policy.StaleVersionException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The policy in force: the latest valid version in the store, with its compiled classifier. A
 * change is validated and compiled first, stored as a new version in one transaction, and only
 * then put in force, all under one lock; a change that fails any step leaves everything as it was.
 * An empty store starts with the default policy it is given (the one shipped with Sluice, for the
 * controller) as version 1. Versions are kept as the codec's canonical text.
 *
 * <p>No container: {@link #activate()} puts a version in force, {@link #deactivate()} closes the
 * store (the manager owns it). The standalone server wraps these in a Dropwizard lifecycle; the
 * ONOS application calls them from its component's activation.
 */
public final class PolicyManager implements PolicyService {
    private static final Logger log = LoggerFactory.getLogger(PolicyManager.class);

    private final PolicyStore store;
    private final PolicyCodec codec;
    private final Policy defaultPolicy;
    private final List<PolicyListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ActivePolicy current;

    /**
     * @param store         where versions are kept; closed by {@link #deactivate()}
     * @param codec         reads and writes the stored text
     * @param defaultPolicy what an empty store (or one with no valid version) starts with; must be valid
     */
    public PolicyManager(PolicyStore store, PolicyCodec codec, Policy defaultPolicy) {
        this.store = Objects.requireNonNull(store, "store");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.defaultPolicy = Objects.requireNonNull(defaultPolicy, "defaultPolicy");
    }

    /**
     * Puts the newest version that still loads in force, or the default policy as a new version if
     * the store is empty or holds no valid version.
     *
     * @throws IllegalStateException if the default policy is needed and is not valid
     */
    public synchronized void activate() {
        Optional<PolicyVersion> latest = store.latest();
        if (latest.isEmpty()) {
            IndexedClassifier compiled = compile(defaultPolicy, "the default policy");
            PolicyVersion v = store.append(canonical(defaultPolicy), "sluice", "default policy shipped with Sluice",
                    OptionalLong.of(0));
            current = ActivePolicy.of(v, defaultPolicy, compiled);
            log.info("policy: store was empty; v{} is the default policy ({} rules)", v.version(),
                    defaultPolicy.rules().size());
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
                current = ActivePolicy.of(v, p, compile(p, "stored policy v" + v.version()));
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
        IndexedClassifier compiled = compile(defaultPolicy, "the default policy");
        PolicyVersion v = store.append(canonical(defaultPolicy), "sluice",
                "default policy: no stored version was valid", OptionalLong.of(all.get(all.size() - 1).version()));
        current = ActivePolicy.of(v, defaultPolicy, compiled);
        log.error("policy: no stored version is valid; v{} is the default policy", v.version());
    }

    /** Closes the store. The policy last in force stays readable through {@link #current()}. */
    public void deactivate() {
        store.close();
    }

    @Override
    public void addListener(PolicyListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(PolicyListener listener) {
        listeners.remove(listener);
    }

    @Override
    public ActivePolicy current() {
        ActivePolicy c = current;
        if (c == null) {
            throw new IllegalStateException("policy manager not started");
        }
        return c;
    }

    @Override
    public synchronized ChangeOutcome apply(ParsedPolicy parsed, String author, String comment, OptionalLong base,
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

    @Override
    public synchronized ChangeOutcome apply(Policy next, String author, String comment, OptionalLong base,
            boolean dryRun) throws PolicyRejectedException {
        return change(next, errors -> errors, author, comment, base, dryRun);
    }

    /** Compiling validates: the policy is checked once, and its errors get their lines from {@code locate}. */
    private ChangeOutcome change(Policy next, UnaryOperator<List<PolicyError>> locate, String author, String comment,
            OptionalLong base, boolean dryRun) throws PolicyRejectedException {
        ActivePolicy now = current();
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
            return ChangeOutcome.of(0, diff);
        }
        if (diff.isEmpty() && next.equals(now.policy())) {
            // Applying what is in force changes nothing, so it makes no version: applying a file
            // from version control twice is harmless.
            return ChangeOutcome.of(now.version().version(), diff);
        }
        PolicyVersion v = store.append(canonical(next), author, comment, OptionalLong.of(now.version().version()));
        ActivePolicy applied = ActivePolicy.of(v, next, compiled);
        current = applied;
        log.info("policy: v{} in force by {} ({}): {}", v.version(), author, comment, diff);
        for (PolicyListener l : listeners) {
            try {
                l.policyChanged(applied);
            } catch (RuntimeException e) {
                log.error("policy: a listener failed on v{}", v.version(), e);
            }
        }
        return ChangeOutcome.of(v.version(), diff);
    }

    @Override
    public synchronized ChangeOutcome rollback(long v, String author, OptionalLong base)
            throws PolicyRejectedException {
        PolicyVersion old = store.get(v).orElseThrow(() -> new IllegalArgumentException("no policy version " + v));
        Policy p = read(old.document(), "stored policy v" + v);
        return apply(p, author, "rollback to v" + v, base, false);
    }

    @Override
    public List<PolicyVersion> versions() {
        return store.versions();
    }

    @Override
    public Optional<PolicyVersion> version(long v) {
        return store.get(v);
    }

    @Override
    public Optional<Policy> policyAt(long v) {
        return store.get(v).map(pv -> read(pv.document(), "stored policy v" + v));
    }

    @Override
    public PolicyDiff diff(long from, long to) {
        Policy a = policyAt(from).orElseThrow(() -> new IllegalArgumentException("no policy version " + from));
        Policy b = policyAt(to).orElseThrow(() -> new IllegalArgumentException("no policy version " + to));
        return PolicyDiff.between(a, b);
    }

    private String canonical(Policy p) {
        return codec.write(p, PolicyCodec.Format.JSON);
    }

    private Policy read(String text, String what) {
        ParsedPolicy parsed = codec.read(text);
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
}
