package io.sluice.server.qos;

import io.sluice.core.classify.IndexedClassifier;
import io.sluice.core.classify.PolicyInForce;
import io.sluice.core.policy.ActivePolicy;
import io.sluice.core.policy.InvalidPolicyException;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyService;
import io.sluice.core.policy.TrafficClass;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether flows are told apart on the switches: on, the policy in force classifies them; off, every
 * packet is marked {@link TrafficClass#BEST_EFFORT} and takes BEST_EFFORT's queue and path, while
 * discovery, routing and the policy itself stay as they are. Off is the baseline a QoS experiment
 * compares against ({@code qos.classify: false}, or {@code PUT /api/v1/qos/classification} at run
 * time); the policy in force is not changed by it, so switching back on restores it exactly.
 */
public final class ClassificationSwitch {
    private static final Logger log = LoggerFactory.getLogger(ClassificationSwitch.class);
    private final PolicyService policies;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean on;
    /** The flattened policy last compiled, and the policy it came from: decided per packet-in, compiled per change. */
    private volatile Flattened flattened;

    private record Flattened(Policy from, PolicyInForce inForce) {
    }

    public ClassificationSwitch(PolicyService policies, boolean on) {
        this.policies = policies;
        this.on = on;
    }

    public boolean isOn() {
        return on;
    }

    /**
     * Turns classification on or off; listeners hear the reason when it changes. Returns whether
     * it changed.
     */
    public synchronized boolean set(boolean classify, String who) {
        if (on == classify) {
            return false;
        }
        on = classify;
        String why = classify ? "classification on (by " + who + ")"
                : "classification off: everything BEST_EFFORT (by " + who + ")";
        log.info("qos: {}", why);
        for (Consumer<String> l : listeners) {
            try {
                l.accept(why);
            } catch (RuntimeException e) {
                // One listener's failure must not keep the others (routing) from hearing it.
                log.error("qos: a listener failed on '{}': {}", why, e.toString(), e);
            }
        }
        return true;
    }

    /** Called with the reason after every change of state. */
    public void addListener(Consumer<String> listener) {
        listeners.add(listener);
    }

    /** What the switches are programmed from: {@code policy} itself, or everything BEST_EFFORT. */
    public Policy applied(Policy policy) {
        return on ? policy : policy.withEverythingAs(TrafficClass.BEST_EFFORT);
    }

    /** The policy and classifier flows are decided by now. */
    public PolicyInForce inForce() {
        ActivePolicy now = policies.current();
        if (on) {
            return PolicyInForce.of(now.policy(), now.classifier());
        }
        Flattened last = flattened;
        if (last != null && last.from() == now.policy()) {
            return last.inForce();
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
