package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.plan.KubeObjects.Workload;
import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.spec.ReleaseSpec;
import dev.releasepolicy.core.spec.RollbackSpec;
import dev.releasepolicy.core.spec.StrategySpec;
import dev.releasepolicy.core.spec.WrittenDuration;
import dev.releasepolicy.core.spec.WrittenNumber;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * What every step of one plan needs to know about the release: the manifest, its typed spec, the
 * version to go back to, the fingerprint and the automatic rollback triggers; and the objects that
 * name the release's namespace and versions.
 *
 * @param manifest    the manifest planned (its name, file and tree for the fingerprint)
 * @param spec        its spec
 * @param strategy    the strategy as the plan names it
 * @param previous    {@code spec.rollback.to}, or else the running version when it is known
 * @param fingerprint the plan's fingerprint
 * @param triggers    the automatic rollback triggers
 * @param running     the Deployment that runs the previous version when it is not the release-made
 *                    {@code <app>-<previous>}: the team's own Deployment ({@code spec.workload}) on its first
 *                    release
 */
record Release(
        Manifest manifest,
        ReleaseSpec spec,
        Strategy strategy,
        Optional<String> previous,
        Fingerprint fingerprint,
        List<RollbackTrigger> triggers,
        Optional<String> running) {

    /** The same release, with the previous version running in the team's Deployment {@code name}. */
    Release runningIn(String name) {
        return new Release(manifest, spec, strategy, previous, fingerprint, triggers, Optional.of(name));
    }

    /** The Deployment that runs the previous version: the team's, or the one an earlier release made. */
    Optional<String> previousDeployment() {
        return running.or(() -> previous.map(this::deployment));
    }

    static Release of(Manifest manifest, ReleaseSpec spec, PlanInputs inputs) {
        return of(manifest, spec, inputs, manifest.tree());
    }

    /** As above, fingerprinting {@code asWritten}: the manifest before its metric templates were expanded. */
    static Release of(Manifest manifest, ReleaseSpec spec, PlanInputs inputs, JsonNode asWritten) {
        Strategy strategy = switch (spec.strategy()) {
            case StrategySpec.BlueGreen b -> Strategy.BLUE_GREEN;
            case StrategySpec.Canary c -> Strategy.CANARY;
            case StrategySpec.Rolling r -> Strategy.ROLLING;
        };
        return new Release(
                manifest,
                spec,
                strategy,
                spec.rollback().to().or(() -> inputs.running().map(PlanInputs.Running::version)),
                Fingerprint.of(asWritten, inputs.policySetDigest(), inputs.toolVersion()),
                triggers(spec.rollback().automatic()),
                Optional.empty());
    }

    String app() {
        return spec.application();
    }

    String namespace() {
        return spec.namespace();
    }

    String version() {
        return spec.version();
    }

    /** {@code <app> <previous>}, or "the previous version" when the manifest does not name it. */
    String previousText() {
        return previous.map(p -> app() + " " + p).orElse("the previous version");
    }

    /** The Deployment of a version of this application. */
    String deployment(String version) {
        return KubeObjects.deploymentName(app(), version);
    }

    /** The new version's Deployment. */
    String newDeployment() {
        return deployment(version());
    }

    ObjectChange apply(JsonNode body) {
        return new ObjectChange(
                Operation.APPLY,
                body.path("apiVersion").asString(),
                body.path("kind").asString(),
                namespace(),
                body.path("metadata").path("name").asString(),
                Optional.of(body));
    }

    ObjectChange patch(String apiVersion, String kind, String name, JsonNode body) {
        return new ObjectChange(Operation.PATCH, apiVersion, kind, namespace(), name, Optional.of(body));
    }

    /** JSON merge patch that scales a Deployment of this release. */
    ObjectChange scale(String deployment, int replicas) {
        return patch("apps/v1", "Deployment", deployment, KubeObjects.scalePatch(deployment, namespace(), replicas));
    }

    /** Patch that points the Service at one version. */
    ObjectChange selectVersion(String service, String version) {
        return patch("v1", "Service", service, KubeObjects.serviceSelectorPatch(service, namespace(), app(), version));
    }

    Workload workload(String version, String image, List<String> configMaps) {
        return new Workload(
                app(),
                namespace(),
                version,
                image,
                spec.replicas(),
                configMaps,
                spec.healthCheck(),
                manifest.name(),
                fingerprint.value());
    }

    /**
     * The webhooks subscribed to any of the events, redacted: the plan is for review and is stored, so a
     * token in a webhook URL must not be in it (the executor reads the real URL from the manifest).
     */
    List<String> webhooks(List<String> events) {
        return spec.notifications().stream()
                .filter(n -> n.subscribesToAny(events))
                .map(n -> Redaction.url(n.webhook()))
                .toList();
    }

    private static List<RollbackTrigger> triggers(List<RollbackSpec.Trigger> automatic) {
        return automatic.stream()
                .map(t -> {
                    boolean above = t.above().isPresent();
                    BigDecimal threshold = (above ? t.above() : t.below())
                            .map(WrittenNumber::value)
                            .orElse(BigDecimal.ZERO);
                    return new RollbackTrigger(
                            t.metric(),
                            above ? ">" : "<",
                            threshold,
                            t.forDuration().map(WrittenDuration::value));
                })
                .toList();
    }
}
