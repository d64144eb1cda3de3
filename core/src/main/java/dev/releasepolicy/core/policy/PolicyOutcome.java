package dev.releasepolicy.core.policy;

import java.util.List;
import java.util.Optional;

/**
 * What one policy said about one manifest: its findings, or the failure that replaced them.
 *
 * @param policy   the policy
 * @param findings its findings (empty when it failed)
 * @param failure  present when the policy failed; then it is reported as one error finding
 * @param nanos    time of the call, for {@code --profile} (CPU time when profiling, else a share of the wall time)
 */
public record PolicyOutcome(Policy policy, List<RawFinding> findings, Optional<PolicyFailure> failure, long nanos) {

    public PolicyOutcome {
        findings = List.copyOf(findings);
    }
}
