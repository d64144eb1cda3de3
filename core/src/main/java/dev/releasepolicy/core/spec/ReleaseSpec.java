package dev.releasepolicy.core.spec;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code spec} of a release manifest as typed values, with every default applied: what the
 * planner compiles. Read once per manifest by {@link #of(Manifest)} after the schema passed; the
 * defaults live in that reader and nowhere else. Sections that only group optional values
 * (rollback, monitoring, data compatibility, approvals) read as their empty value when absent.
 *
 * @param application       the {@code app} label of the pods
 * @param namespace         the Kubernetes namespace ({@code default} when not written)
 * @param version           the version released, as text
 * @param image             the new version's image
 * @param replicas          pods of the new version ({@code 1} when not written)
 * @param configMaps        the new version's ConfigMaps
 * @param strategy          how the new version replaces the running one
 * @param healthCheck       the readiness check, when written
 * @param window            the release window, when written
 * @param rollback          the rollback plan
 * @param monitoring        the metrics
 * @param dataCompatibility data compatibility and migrations
 * @param checklist         the pre-release checklist items in the order written
 * @param approvals         approvals needed before the start
 * @param notifications     the webhooks
 */
public record ReleaseSpec(
        String application,
        String namespace,
        String version,
        String image,
        int replicas,
        List<String> configMaps,
        StrategySpec strategy,
        Optional<HealthCheck> healthCheck,
        Optional<WindowSpec> window,
        RollbackSpec rollback,
        MonitoringSpec monitoring,
        DataCompatibility dataCompatibility,
        Map<String, Boolean> checklist,
        Approvals approvals,
        List<Notification> notifications) {

    public ReleaseSpec {
        configMaps = List.copyOf(configMaps);
        checklist = Collections.unmodifiableMap(new LinkedHashMap<>(checklist));
        notifications = List.copyOf(notifications);
    }

    /**
     * Reads the spec of a manifest that passed the schema.
     *
     * @throws IllegalArgumentException naming the field when a required value is missing, or when the
     *                                  strategy type or a step is unknown (the schema prevents both)
     */
    public static ReleaseSpec of(Manifest manifest) {
        return SpecReader.read(manifest.tree());
    }
}
