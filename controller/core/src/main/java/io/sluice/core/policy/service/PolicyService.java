package io.sluice.core.policy.service;

import io.sluice.core.policy.ChangeOutcome;
import io.sluice.core.policy.ParsedPolicy;
import io.sluice.core.policy.Policy;
import io.sluice.core.policy.PolicyDiff;
import io.sluice.core.policy.PolicyRejectedException;
import io.sluice.core.policy.PolicyVersion;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The policy's life: the one in force (with its version and compiled classifier), changes to it
 * (whole policies, rule edits, dry runs, rollbacks), every stored version, and who is told of a
 * change. A change is validated and compiled first, then stored as a new version, then put in
 * force; one that fails any step leaves everything as it was. Changes are made one at a time.
 *
 * <p>Conditional changes: {@code base} is the version the caller read; if another change came
 * first, the change is refused with {@link StaleVersionException} (the REST API's 409). Without a
 * base, the change applies to whatever is in force.
 */
public interface PolicyService {

    /**
     * The policy in force now.
     *
     * @throws IllegalStateException before the service is started
     */
    ActivePolicy current();

    /**
     * Validates a policy read from a file (its read errors first, every error with its line) and,
     * unless {@code dryRun}, stores it as a new version and puts it in force. Applying what is in
     * force makes no version.
     *
     * @param base    the version the change was made against, or empty for whatever is in force
     * @param dryRun  validate and diff only: nothing is stored, the outcome's version is 0
     * @throws PolicyRejectedException with every error; nothing changed
     * @throws StaleVersionException   if {@code base} is not the version in force
     */
    ChangeOutcome apply(ParsedPolicy parsed, String author, String comment, OptionalLong base, boolean dryRun)
            throws PolicyRejectedException;

    /** The same for a policy built in code (rule edits: the one in force with rules added, replaced or removed). */
    ChangeOutcome apply(Policy next, String author, String comment, OptionalLong base, boolean dryRun)
            throws PolicyRejectedException;

    /**
     * Puts version {@code version}'s policy back in force, as a new version.
     *
     * @throws IllegalArgumentException if there is no such version
     * @throws PolicyRejectedException  if that version's policy is not valid any more
     * @throws StaleVersionException    if {@code base} is not the version in force
     */
    ChangeOutcome rollback(long version, String author, OptionalLong base) throws PolicyRejectedException;

    /** Every stored version, oldest first. */
    List<PolicyVersion> versions();

    /** One stored version, or empty if there is none of that number. */
    Optional<PolicyVersion> version(long version);

    /** A stored version's policy, or empty if there is no such version. */
    Optional<Policy> policyAt(long version);

    /**
     * What changed from version {@code from} to version {@code to}.
     *
     * @throws IllegalArgumentException naming the version that does not exist
     */
    PolicyDiff diff(long from, long to);

    /** Told, on the changing thread, of each new policy put in force; must return quickly. */
    void addListener(PolicyListener listener);

    void removeListener(PolicyListener listener);
}
