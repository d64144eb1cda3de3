package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything besides the manifest that a plan depends on. Nothing else is read: no clock, no
 * environment, so the same inputs give the same plan.
 *
 * @param now             the clock ({@code --now}, or the real time fixed once by the caller)
 * @param policySetDigest digest of the policy set the manifest was verified with (part of the fingerprint)
 * @param toolVersion     the tool's version (part of the fingerprint)
 * @param findings        the manifest's verify findings (warnings and waived ones) shown with the plan
 * @param running         the version running now, when known (the rollback target without {@code rollback.to})
 */
public record PlanInputs(
        Instant now, String policySetDigest, String toolVersion, List<Finding> findings, Optional<Running> running) {

    /**
     * The version running before the release, as far as it can be known before {@code apply}.
     *
     * @param version the version
     * @param source  where it was read, such as {@code the version label of k8s/orders-api.yaml}
     */
    public record Running(String version, String source) {}

    public PlanInputs {
        findings = List.copyOf(findings);
    }

    /** Inputs without a known running version. */
    public PlanInputs(Instant now, String policySetDigest, String toolVersion, List<Finding> findings) {
        this(now, policySetDigest, toolVersion, findings, Optional.empty());
    }

    /** Inputs with this tool's version and no findings. */
    public static PlanInputs of(Instant now, String policySetDigest) {
        return new PlanInputs(now, policySetDigest, ToolVersion.get(), List.of());
    }
}
