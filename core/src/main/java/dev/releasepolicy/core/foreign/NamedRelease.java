package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.manifest.Manifest;
import dev.releasepolicy.core.manifest.SourceMap;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A release manifest that names the Rollout or Canary running it ({@code spec.workload.rollout} /
 * {@code spec.workload.canary}): the manifest gives what it writes (window, rollback plan, checklist,
 * approvals, ...), the object gives the strategy and, where the manifest leaves them out, replicas, image,
 * version, health check, the workload and the analyses' metrics. Each value keeps its origin, so a finding
 * about the steps points at the Rollout's file and one about the window at the manifest's.
 */
public final class NamedRelease {

    /** Taken from the object only when the manifest does not write them. */
    private static final List<String> FILL = List.of(
            "namespace",
            "replicas",
            "image",
            "version",
            "healthCheck",
            "window",
            "checklist",
            "approvals",
            "dataCompatibility",
            "notifications");

    private NamedRelease() {}

    /**
     * @param release the release manifest as loaded
     * @param object  its Rollout or Canary, mapped with {@link ArgoRolloutMapper} or {@link FlaggerCanaryMapper}
     */
    public static MappedRelease merge(Manifest release, MappedRelease object) {
        ObjectNode tree = (ObjectNode) release.tree().deepCopy();
        ObjectNode spec = tree.path("spec").isObject() ? (ObjectNode) tree.get("spec") : tree.putObject("spec");
        JsonNode from = object.release().tree().path("spec");
        Map<String, MappedRelease.Origin> origins = new HashMap<>();
        origins.put("", new MappedRelease.Origin(release, "", true));
        Map<String, MappedRelease.Origin> objectOrigins = object.origins();
        List<Finding> findings = new java.util.ArrayList<>(object.findings());
        if (spec.has("strategy")) {
            findings.add(Finding.warning(
                    ForeignIds.NOT_CHECKED,
                    "spec.strategy is written here and in the "
                            + object.origin().kind() + " '"
                            + object.origin().name() + "'; the "
                            + object.origin().kind() + "'s is checked, as it"
                            + " is what runs",
                    "remove spec.strategy from this manifest",
                    release.sourceMap().locate("/spec/strategy"),
                    "/spec/strategy"));
        }
        take(spec, from, "strategy", objectOrigins, origins);
        for (String field : FILL) {
            if (!spec.has(field)) {
                take(spec, from, field, objectOrigins, origins);
            }
        }
        workload(release, object, spec, from, objectOrigins, origins);
        monitoring(spec, from, objectOrigins, origins);
        JsonNode automatic = from.path("rollback").path("automatic");
        if (automatic.isArray() && !spec.path("rollback").has("automatic")) {
            ObjectNode rollback =
                    spec.path("rollback").isObject() ? (ObjectNode) spec.get("rollback") : spec.putObject("rollback");
            rollback.set("automatic", automatic.deepCopy());
            copyOrigins(objectOrigins, "/spec/rollback/automatic", "/spec/rollback/automatic", origins);
        } else if (!spec.has("rollback")) {
            take(spec, from, "rollback", objectOrigins, origins);
        }
        Manifest merged =
                new Manifest(release.file(), release.document(), tree, SourceMap.derived(release.file(), pointer -> {
                    MappedRelease.Origin o = MappedRelease.resolve(origins, release, pointer);
                    return o.document().sourceMap().locate(o.pointer());
                }));
        return new MappedRelease(merged, release, origins, findings, object.suppressed());
    }

    private static void take(
            ObjectNode spec,
            JsonNode from,
            String field,
            Map<String, MappedRelease.Origin> objectOrigins,
            Map<String, MappedRelease.Origin> origins) {
        if (!from.has(field)) {
            return;
        }
        spec.set(field, from.get(field).deepCopy());
        copyOrigins(objectOrigins, "/spec/" + field, "/spec/" + field, origins);
    }

    /** Copies the origins at and below {@code fromPrefix} to the same pointers below {@code toPrefix}. */
    private static void copyOrigins(
            Map<String, MappedRelease.Origin> objectOrigins,
            String fromPrefix,
            String toPrefix,
            Map<String, MappedRelease.Origin> origins) {
        for (Map.Entry<String, MappedRelease.Origin> e : objectOrigins.entrySet()) {
            String p = e.getKey();
            if (p.equals(fromPrefix) || p.startsWith(fromPrefix + "/")) {
                origins.put(toPrefix + p.substring(fromPrefix.length()), e.getValue());
            }
        }
        // Without an origin of its own the value still came from the object, not from this manifest.
        origins.putIfAbsent(toPrefix, objectOrigins.getOrDefault("/metadata/name", origins.get("")));
    }

    /** The object's workload replaces {@code {rollout: NAME}}, its file named relative to this manifest. */
    private static void workload(
            Manifest release,
            MappedRelease object,
            ObjectNode spec,
            JsonNode from,
            Map<String, MappedRelease.Origin> objectOrigins,
            Map<String, MappedRelease.Origin> origins) {
        spec.remove("workload");
        JsonNode w = from.path("workload");
        if (!w.isObject()) {
            return;
        }
        ObjectNode out = spec.putObject("workload");
        if (w.path("manifest").isString()) {
            Path deployment = Path.of(object.release().file())
                    .toAbsolutePath()
                    .normalize()
                    .resolveSibling(w.path("manifest").asString());
            Optional<String> relative = PodTemplates.relative(release.file(), deployment.toString());
            if (relative.isPresent()) {
                out.put("manifest", relative.get());
                out.set("name", w.path("name"));
            } else {
                out.set("deployment", w.path("name"));
            }
        } else {
            out.set("deployment", w.path("deployment"));
        }
        copyOrigins(objectOrigins, "/spec/workload", "/spec/workload", origins);
    }

    /** The manifest's monitoring, plus the object's metrics that it does not define by name. */
    private static void monitoring(
            ObjectNode spec,
            JsonNode from,
            Map<String, MappedRelease.Origin> objectOrigins,
            Map<String, MappedRelease.Origin> origins) {
        if (!spec.has("monitoring")) {
            take(spec, from, "monitoring", objectOrigins, origins);
            return;
        }
        JsonNode metrics = from.path("monitoring").path("metrics");
        if (!metrics.isArray() || !spec.get("monitoring").isObject()) {
            return;
        }
        ObjectNode monitoring = (ObjectNode) spec.get("monitoring");
        ArrayNode own = monitoring.path("metrics").isArray()
                ? (ArrayNode) monitoring.get("metrics")
                : monitoring.putArray("metrics");
        Set<String> names = new java.util.HashSet<>();
        own.forEach(m -> names.add(m.path("name").asString("")));
        for (int i = 0; i < metrics.size(); i++) {
            if (names.add(metrics.get(i).path("name").asString(""))) {
                copyOrigins(
                        objectOrigins,
                        "/spec/monitoring/metrics/" + i,
                        "/spec/monitoring/metrics/" + own.size(),
                        origins);
                own.add(metrics.get(i).deepCopy());
            }
        }
    }
}
