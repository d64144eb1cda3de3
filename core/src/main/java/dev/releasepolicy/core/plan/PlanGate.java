package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.verify.Verifier;
import dev.releasepolicy.core.verify.VerifyContext;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;

/**
 * What a manifest must pass before it is planned: runs {@code verify} on the manifest and names the
 * rule set it used (its digest goes into the plan's fingerprint). The one place where the plan command
 * meets the policy engine: an implementation may open and close engine resources inside
 * {@link #verify}.
 */
public interface PlanGate {

    /** The verify report of the manifest, and the digest of the rules that produced it. */
    record Verdict(VerifyReport report, String policySetDigest) {
    }

    /**
     * Verifies {@code options.manifest()} at {@code now} with the policies and configuration the
     * options name.
     *
     * @throws NoSuchFileException when the manifest does not exist
     */
    Verdict verify(PlanOptions options, Instant now) throws NoSuchFileException;

    /**
     * Placeholder until the policy engine lands: the schema stage only, with the digest of the bundled
     * schema ({@link PolicySetDigest#current()}). {@code --policies} and {@code --config} are not read yet.
     */
    static PlanGate schemaOnly() {
        return (options, now) -> new Verdict(Verifier.schemaOnly().verify(List.of(options.manifest()),
                new VerifyContext(now)), PolicySetDigest.current());
    }
}
