package io.sluice.core.policy.service;



/** Told of each new policy put in force, on the thread that changed it; must return quickly. */
@FunctionalInterface
public interface PolicyListener {
    void policyChanged(ActivePolicy now);
}
