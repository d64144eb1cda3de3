package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.PlanOptions;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.PolicyFile;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.schema.SchemaValidator;
import dev.releasepolicy.core.template.MetricTemplates;
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

    /**
     * The verify report of the manifest, the digest of the rules that produced it, and the metric templates
     * of the configuration (the planner plans the manifest as verify saw it, templates expanded).
     */
    record Verdict(VerifyReport report, String policySetDigest, MetricTemplates metricTemplates) {

        /** A verdict of a run without metric templates. */
        public Verdict(VerifyReport report, String policySetDigest) {
            this(report, policySetDigest, MetricTemplates.NONE);
        }
    }

    /**
     * Verifies {@code options.manifest()} at {@code now} with the policies and configuration the
     * options name.
     *
     * @throws NoSuchFileException when the manifest does not exist
     */
    Verdict verify(PlanOptions options, Instant now) throws NoSuchFileException;

    /**
     * The full {@code verify}: schema, built-in and team policies ({@code --policies}), the
     * configuration ({@code --config}, else {@code .release-policy.yaml} if present) with its waivers,
     * and the real release window. The engine is opened and closed inside each call.
     */
    static PlanGate full() {
        return (options, now) -> {
            PolicyConfig config = PolicyConfig.loadDefault(options.configFile(), options.configFromWorkingDirectory());
            List<PolicyFile> files;
            try {
                files = PolicyCheck.files(options.policyDirs(), config);
            } catch (java.io.UncheckedIOException e) {
                throw new UsageException(e.getMessage(), e);
            }
            try (PolicyCheck policies = PolicyCheck.create(options.policyDirs(), config, WindowContext.EVALUATED)) {
                SchemaValidator schema = SchemaValidator.releaseManifest();
                Verifier verifier = new Verifier(
                        new ManifestLoader(),
                        List.of((m, earlier, ctx) -> schema.validate(m), policies),
                        config.metricTemplates());
                VerifyReport report = verifier.verify(List.of(options.manifest()), new VerifyContext(now));
                return new Verdict(report, PolicySetDigest.of(files, config), config.metricTemplates());
            }
        };
    }

    /**
     * The schema stage only (tests of the planner apart from the policies), with the digest of the
     * default rules ({@link PolicySetDigest#current()}).
     */
    static PlanGate schemaOnly() {
        return (options, now) -> new Verdict(
                Verifier.schemaOnly().verify(List.of(options.manifest()), new VerifyContext(now)),
                PolicySetDigest.current());
    }
}
