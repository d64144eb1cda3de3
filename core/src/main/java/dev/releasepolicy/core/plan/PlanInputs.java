package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.finding.Finding;
import java.time.Instant;
import java.util.List;

/**
 * Everything besides the manifest that a plan depends on. Nothing else is read: no clock, no
 * environment, so the same inputs give the same plan.
 *
 * @param now             the clock ({@code --now}, or the real time fixed once by the caller)
 * @param policySetDigest digest of the policy set the manifest was verified with (part of the fingerprint)
 * @param toolVersion     the tool's version (part of the fingerprint)
 * @param findings        the manifest's verify findings (warnings and waived ones) shown with the plan
 */
public record PlanInputs(Instant now, String policySetDigest, String toolVersion, List<Finding> findings) {

    public PlanInputs {
        findings = List.copyOf(findings);
    }

    /** Inputs with this tool's version and no findings. */
    public static PlanInputs of(Instant now, String policySetDigest) {
        return new PlanInputs(now, policySetDigest, ToolVersion.get(), List.of());
    }
}
