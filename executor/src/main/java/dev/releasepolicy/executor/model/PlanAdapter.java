package dev.releasepolicy.executor.model;

import dev.releasepolicy.core.ToolVersion;
import dev.releasepolicy.core.manifest.LoadedFile;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.plan.Fingerprint;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanInputs;
import dev.releasepolicy.core.plan.Planner;
import dev.releasepolicy.core.plan.PolicySetDigest;
import dev.releasepolicy.core.plan.render.JsonPlanRenderer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bridge from the core planner's {@link Plan} to the executor's {@link ExecutionPlan}: through the
 * plan file format (the same JSON {@code plan --format json} writes), so a plan run from a file and
 * one planned in-process behave the same. Also recomputes a manifest's fingerprint, to refuse a plan
 * made from another version of its manifest or under other rules.
 */
public final class PlanAdapter {

    private PlanAdapter() {
    }

    /** The execution plan of a core plan. */
    public static ExecutionPlan of(Plan plan) {
        return PlanFiles.parse(JsonPlanRenderer.toJson(plan));
    }

    /** Plans a manifest file (its only Release document) at {@code now}, with the default rule set. */
    public static ExecutionPlan plan(Path manifestFile, String displayName, Instant now) {
        Manifest manifest = single(manifestFile, displayName);
        return of(new Planner().plan(manifest, PlanInputs.of(now, PolicySetDigest.current())));
    }

    /**
     * The digest of a manifest file's content as the plan's fingerprint records it
     * ({@code fingerprint.manifestDigest}), or empty when the file does not exist or holds no single
     * release. Only the manifest part is recomputed: the rule set a plan was made under depends on
     * options ({@code --policies}, {@code --config}) that {@code apply} does not have.
     */
    public static Optional<String> currentManifestDigest(Path manifestFile) {
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        try {
            Manifest m = single(manifestFile, manifestFile.toString());
            return Optional.of(Fingerprint.of(m.tree(), PolicySetDigest.current(), ToolVersion.get()).manifestDigest());
        } catch (PlanFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The first manifest of the file a plan was made from ({@code plan.source()}), as the notifier,
     * the redactor and the metric analysis read it; empty when the plan names no file, the file is
     * not there (apply from another folder) or it holds no manifest.
     */
    public static Optional<tools.jackson.databind.JsonNode> sourceManifest(ExecutionPlan plan) {
        Path file = Path.of(plan.source());
        if (plan.source().isEmpty() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        LoadedFile loaded = new ManifestLoader().load(file, plan.source());
        return loaded.manifests().isEmpty() ? Optional.empty() : Optional.of(loaded.manifests().get(0).tree());
    }

    private static Manifest single(Path file, String displayName) {
        LoadedFile loaded = new ManifestLoader().load(file, displayName);
        List<Manifest> releases = loaded.manifests().stream().filter(m -> "Release".equals(m.kind())).toList();
        if (releases.size() != 1) {
            throw new PlanFormatException(file + " holds " + releases.size() + " release manifests, expected one");
        }
        return releases.get(0);
    }
}
