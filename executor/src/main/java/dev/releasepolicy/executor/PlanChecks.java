package dev.releasepolicy.executor;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.plan.PolicySetDigest;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code apply} checks before a plan runs: the plan file reads and validates, its manifest has not
 * changed since planning, and (with rules) the policy set is the one it was planned under.
 */
final class PlanChecks {

    private PlanChecks() {}

    /** The plan in {@code planFile}; a usage error when it is missing, unreadable or not a valid plan. */
    static Plan read(Path planFile) {
        try {
            return PlanCodec.read(planFile.toString(), Files.readString(planFile, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new UsageException(planFile + ": no such file", e);
        } catch (IOException e) {
            throw new UsageException("cannot read " + planFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Why the plan is stale (its manifest or rules changed since planning), or empty when it is not;
     * {@code warnings} receives what cannot be checked from here.
     */
    static Optional<String> stale(
            Path planFile, Plan plan, Optional<ExecutorCommands.Rules> rules, List<String> warnings) {
        String source = plan.metadata().source();
        String planned = plan.fingerprint().manifestDigest();
        Optional<String> current = source.isEmpty() ? Optional.empty() : currentManifestDigest(Path.of(source));
        if (current.isPresent() && !current.get().equals(planned)) {
            return Optional.of("refusing stale plan " + planFile + " (fingerprint "
                    + plan.fingerprint().value()
                    + "): it was made from another version of " + source + " (manifest digest then " + planned
                    + ", now " + current.get() + "); run 'release-policy plan' again");
        }
        if (!source.isEmpty() && current.isEmpty()) {
            warnings.add("cannot check " + planFile + " against its manifest: " + source
                    + " is not readable from here (run apply where plan ran to have a changed manifest refused)");
        }
        if (rules.isPresent()) {
            Optional<String> stale = staleRules(plan, rules.get());
            if (stale.isPresent()) {
                return Optional.of("refusing stale plan " + planFile + " (fingerprint "
                        + plan.fingerprint().value()
                        + "): " + stale.get() + "; run 'release-policy plan' again (or give apply the same"
                        + " --policies and --config as plan)");
            }
        }
        return Optional.empty();
    }

    /**
     * The digest of a manifest file's content as the plan's fingerprint records it
     * ({@code fingerprint.manifestDigest}), or empty when the file does not exist or holds no single
     * release. Only the manifest part is recomputed: the rule set a plan was made under depends on
     * options ({@code --policies}, {@code --config}) that {@code apply} may not have.
     */
    static Optional<String> currentManifestDigest(Path manifestFile) {
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        LoadedFile loaded = new ManifestLoader().load(manifestFile, manifestFile.toString());
        List<Manifest> releases = loaded.manifests().stream()
                .filter(m -> "Release".equals(m.kind()))
                .toList();
        if (releases.size() != 1) {
            return Optional.empty();
        }
        return Optional.of(Fingerprint.of(releases.get(0).tree(), PolicySetDigest.current(), ToolVersion.get())
                .manifestDigest());
    }

    /** Why the plan was made under other rules than {@code rules} give now, if it was. */
    private static Optional<String> staleRules(Plan plan, ExecutorCommands.Rules rules) {
        Optional<String> planned = plan.steps().stream()
                .filter(s -> s.action() == Action.PRECHECK_POLICY)
                .findFirst()
                .map(s -> s.parameters().path("policySetDigest").asString(""))
                .filter(d -> !d.isEmpty());
        if (planned.isEmpty()) {
            return Optional.empty();
        }
        PolicyConfig config = PolicyConfig.loadDefault(rules.config());
        String now;
        try {
            now = PolicySetDigest.of(PolicyCheck.files(rules.policyDirs(), config), config);
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (now.equals(planned.get())) {
            return Optional.empty();
        }
        return Optional.of("it was made under other rules (policy set digest then " + planned.get() + ", now " + now
                + "): the policies, their configuration or the schema changed since");
    }
}
