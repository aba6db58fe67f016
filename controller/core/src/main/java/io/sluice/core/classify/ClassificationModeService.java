package io.sluice.core.classify;

import io.sluice.core.policy.Policy;
import io.sluice.core.policy.TrafficClass;

/**
 * Whether flows are told apart on the switches: on, the policy in force classifies them; off, every
 * packet is marked {@link TrafficClass#BEST_EFFORT} and takes BEST_EFFORT's queue and path, while
 * discovery, routing and the policy itself stay as they are. Off is the baseline a QoS experiment
 * compares against; the policy in force is not changed by it, so switching back on restores it
 * exactly.
 */
public interface ClassificationModeService {

    /** Whether the policy in force classifies flows now. */
    boolean isOn();

    /**
     * Turns classification on or off; listeners hear the reason when it changes.
     *
     * @param who who asked, for the log and the reason
     * @return whether it changed
     */
    boolean set(boolean classify, String who);

    /** Told, with the reason, after every change of state, on the changing thread. */
    void addListener(ClassificationModeListener listener);

    void removeListener(ClassificationModeListener listener);

    /** What the switches are programmed from: {@code policy} itself, or everything BEST_EFFORT. */
    Policy applied(Policy policy);

    /** The policy and classifier flows are decided by now (the policy in force, or its flattened form). */
    PolicyInForce inForce();
}
