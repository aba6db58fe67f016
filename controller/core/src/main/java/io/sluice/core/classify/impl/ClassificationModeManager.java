package io.sluice.core.classify.impl;

import io.sluice.core.classify.ClassificationModeListener;
import io.sluice.core.classify.ClassificationModeService;
import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.classify.PolicyInForce;
import io.sluice.core.policy.service.ActivePolicy;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.service.PolicyService;
import io.sluice.core.policy.TrafficClass;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Classification on or off (see {@link ClassificationModeService}), over the policy in force. Off,
 * the policy's flattened form ({@link Policy#withEverythingAs} BEST_EFFORT) is compiled once per
 * policy, not per decision.
 */
public final class ClassificationModeManager implements ClassificationModeService {
    private static final Logger log = LoggerFactory.getLogger(ClassificationModeManager.class);
    private final PolicyService policies;
    private final List<ClassificationModeListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean on;
    /** The flattened policy last compiled, and the policy it came from: decided per packet-in, compiled per change. */
    private volatile Flattened flattened;

    private static final class Flattened {
        final Policy from;
        final PolicyInForce inForce;

        Flattened(Policy from, PolicyInForce inForce) {
            this.from = from;
            this.inForce = inForce;
        }
    }

    /** @param on whether classification starts on ({@code qos.classify} in the server's configuration) */
    public ClassificationModeManager(PolicyService policies, boolean on) {
        this.policies = Objects.requireNonNull(policies, "policies");
        this.on = on;
    }

    @Override
    public boolean isOn() {
        return on;
    }

    @Override
    public synchronized boolean set(boolean classify, String who) {
        if (on == classify) {
            return false;
        }
        on = classify;
        String why = classify ? "classification on (by " + who + ")"
                : "classification off: everything BEST_EFFORT (by " + who + ")";
        log.info("qos: {}", why);
        for (ClassificationModeListener l : listeners) {
            try {
                l.modeChanged(why);
            } catch (RuntimeException e) {
                // One listener's failure must not keep the others (routing) from hearing it.
                log.error("qos: a listener failed on '{}': {}", why, e.toString(), e);
            }
        }
        return true;
    }

    @Override
    public void addListener(ClassificationModeListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(ClassificationModeListener listener) {
        listeners.remove(listener);
    }

    @Override
    public Policy applied(Policy policy) {
        return on ? policy : policy.withEverythingAs(TrafficClass.BEST_EFFORT);
    }

    @Override
    public PolicyInForce inForce() {
        ActivePolicy now = policies.current();
        if (on) {
            return PolicyInForce.of(now.policy(), now.classifier());
        }
        Flattened last = flattened;
        if (last != null && last.from == now.policy()) {
            return last.inForce;
        }
        Policy flat = applied(now.policy());
        try {
            PolicyInForce decided = PolicyInForce.of(flat, IndexedClassifier.compile(flat));
            flattened = new Flattened(now.policy(), decided);
            return decided;
        } catch (InvalidPolicyException e) {
            // A valid policy without its rules stays valid: this cannot happen.
            throw new IllegalStateException("the policy in force without its rules is invalid: " + e.getMessage(), e);
        }
    }
}
