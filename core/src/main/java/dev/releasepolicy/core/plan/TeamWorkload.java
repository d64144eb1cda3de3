package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.workload.VersionNames;
import dev.releasepolicy.core.workload.WorkloadFile;
import dev.releasepolicy.core.workload.WorkloadKind;
import dev.releasepolicy.core.workload.WorkloadResolution;
import dev.releasepolicy.core.workload.WorkloadResolver;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The team's own Deployment that {@code spec.workload} names, as one plan sees it: the file beside the
 * manifest ({@code manifest:}), read, parsed and checked against the Kubernetes schema once however many
 * steps ask, or the name of the live Deployment ({@code deployment:}), which only {@code apply} reads.
 * Not thread-safe: one per compilation.
 */
final class TeamWorkload {

    private final Manifest manifest;
    private WorkloadResolution resolution;

    TeamWorkload(Manifest manifest) {
        this.manifest = manifest;
    }

    /** {@code spec.workload} resolved as verify resolves it; a release without one never reads a file. */
    WorkloadResolution resolution() {
        if (resolution == null) {
            resolution = new WorkloadResolver(new ManifestLoader()).resolve(manifest);
        }
        return resolution;
    }

    /** The team's live Deployment of {@code spec.workload.deployment}, when the manifest names one. */
    Optional<String> live() {
        WorkloadResolution r = resolution();
        return r.kind().filter(k -> k == WorkloadKind.DEPLOYMENT).map(k -> r.name());
    }

    /**
     * The team's Deployment file of {@code spec.workload.manifest}; empty without one.
     *
     * @throws IllegalArgumentException when the file does not load or is not a valid Deployment
     */
    Optional<WorkloadFile> file() {
        WorkloadResolution r = resolution();
        if (r.kind().isEmpty() || r.kind().get() != WorkloadKind.MANIFEST) {
            return Optional.empty();
        }
        if (r.file().isEmpty()) {
            throw new IllegalArgumentException("spec.workload.manifest " + r.source() + " cannot be used: "
                    + r.findings().stream().map(Finding::message).findFirst().orElse("it did not load")
                    + " (run verify)");
        }
        return r.file();
    }

    /** The name of the team's own Deployment, from its file or the manifest. */
    Optional<String> deploymentName() {
        return file().map(
                        f -> f.deployment().tree().path("metadata").path("name").asString())
                .or(this::live);
    }

    /** {@code spec.workload.container}, when the manifest names the container whose image changes. */
    Optional<String> container() {
        JsonNode c = manifest.tree().path("spec").path("workload").path("container");
        return c.isString() ? Optional.of(c.asString()) : Optional.empty();
    }

    /**
     * The release, with the previous version running in the team's Deployment file when its pod template
     * carries that version's label, or none yet (it is adopted): then the steps that scale, keep or retire
     * the previous version act on the team's Deployment, not on a release-made {@code <app>-<previous>}.
     * A live workload is not known before apply: the release-made name stays, and a missing one stops the
     * step (it never scales the wrong Deployment).
     */
    Release runningPrevious(Release base) {
        if (base.previous().isEmpty() || base.spec().strategy() instanceof StrategySpec.Rolling) {
            return base;
        }
        Optional<WorkloadFile> f = file();
        if (f.isEmpty()) {
            return base;
        }
        // The version label verify reads as the running version; none yet means the file is adopted.
        String previous = VersionNames.labelValue(base.previous().get());
        boolean runsPrevious =
                resolution().runningVersion().map(previous::equals).orElse(true);
        JsonNode deployment = f.get().deployment().tree();
        return runsPrevious
                ? base.runningIn(deployment.path("metadata").path("name").asString())
                : base;
    }
}
