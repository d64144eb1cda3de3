package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The Argo Rollouts and Flagger documents of one {@code verify} run, and the Deployments beside them, by
 * name, so that a Rollout finds the AnalysisTemplates and the Deployment it names in any file of the
 * set. Names are matched without the namespace (a set holds one application's files). Built once, then
 * read only: thread-safe.
 */
public final class ForeignSet {

    /** A set without Argo or Flagger documents. */
    public static final ForeignSet EMPTY = new ForeignSet(List.of());

    private final Map<String, Manifest> analysisTemplates = new LinkedHashMap<>();
    private final Map<String, Manifest> clusterAnalysisTemplates = new LinkedHashMap<>();
    private final Map<String, Manifest> metricTemplates = new LinkedHashMap<>();
    private final Map<String, Manifest> deployments = new LinkedHashMap<>();
    private final List<Manifest> releases = new ArrayList<>();
    private final Map<String, Manifest> rollouts = new LinkedHashMap<>();
    private final Map<String, Manifest> canaries = new LinkedHashMap<>();
    /** {@code rollout:NAME} / {@code canary:NAME} that a release manifest names in spec.workload. */
    private final Set<String> namedByReleases = new HashSet<>();

    private final Set<String> usedTemplates = new HashSet<>();
    private final Set<String> usedDeployments = new HashSet<>();

    /** Indexes the documents of the set (any kind; others are ignored). */
    public ForeignSet(List<Manifest> documents) {
        for (Manifest m : documents) {
            Optional<ForeignKind> k = ForeignKind.of(m);
            if ("Release".equals(m.kind())) {
                named(m).ifPresent(namedByReleases::add);
                continue;
            }
            if (k.isEmpty()) {
                if ("Deployment".equals(m.kind())
                        && "apps/v1".equals(m.tree().path("apiVersion").asString(""))) {
                    deployments.putIfAbsent(name(m), m);
                }
                continue;
            }
            if (!k.get().knownVersion(m)) {
                continue;
            }
            switch (k.get()) {
                case ROLLOUT -> {
                    releases.add(m);
                    rollouts.putIfAbsent(name(m), m);
                }
                case CANARY -> {
                    releases.add(m);
                    canaries.putIfAbsent(name(m), m);
                }
                case ANALYSIS_TEMPLATE -> analysisTemplates.putIfAbsent(name(m), m);
                case CLUSTER_ANALYSIS_TEMPLATE -> clusterAnalysisTemplates.putIfAbsent(name(m), m);
                case METRIC_TEMPLATE -> metricTemplates.putIfAbsent(name(m), m);
            }
        }
        for (Manifest r : releases) {
            collectUses(r);
        }
    }

    private void collectUses(Manifest r) {
        JsonNode spec = r.tree().path("spec");
        if ("Rollout".equals(r.kind())) {
            spec.findValues("templates")
                    .forEach(list -> list.forEach(t -> {
                        String name = t.path("templateName").asString("");
                        String key = t.path("clusterScope").asBoolean(false) ? "cluster:" + name : "analysis:" + name;
                        usedTemplates.add(key);
                    }));
            usedDeployments.add(spec.path("workloadRef").path("name").asString(""));
        } else {
            spec.path("analysis")
                    .path("metrics")
                    .forEach(metric -> usedTemplates.add(
                            "metric:" + metric.path("templateRef").path("name").asString("")));
            usedDeployments.add(spec.path("targetRef").path("name").asString(""));
        }
    }

    /** {@code rollout:NAME} or {@code canary:NAME} when a release manifest names one in spec.workload. */
    public static Optional<String> named(Manifest release) {
        JsonNode w = release.tree().path("spec").path("workload");
        if (w.path("rollout").isString()) {
            return Optional.of("rollout:" + w.path("rollout").asString());
        }
        if (w.path("canary").isString()) {
            return Optional.of("canary:" + w.path("canary").asString());
        }
        return Optional.empty();
    }

    /** The Rollout or Canary that a release manifest names in spec.workload, when it is in the set. */
    public Optional<Manifest> namedBy(Manifest release) {
        return named(release)
                .map(key -> key.startsWith("rollout:")
                        ? rollouts.get(key.substring("rollout:".length()))
                        : canaries.get(key.substring("canary:".length())));
    }

    /** True when a release manifest of the set names this Rollout or Canary: it is checked through that release. */
    public boolean isNamedByRelease(Manifest m) {
        String prefix = "Rollout".equals(m.kind()) ? "rollout:" : "canary:";
        return namedByReleases.contains(prefix + name(m));
    }

    private static String name(Manifest m) {
        return m.tree().path("metadata").path("name").asString("");
    }

    public Optional<Manifest> analysisTemplate(String name, boolean clusterScope) {
        return Optional.ofNullable((clusterScope ? clusterAnalysisTemplates : analysisTemplates).get(name));
    }

    public Optional<Manifest> metricTemplate(String name) {
        return Optional.ofNullable(metricTemplates.get(name));
    }

    public Optional<Manifest> deployment(String name) {
        return Optional.ofNullable(deployments.get(name));
    }

    /** True when some Rollout or Canary of the set uses this template (of a known version). */
    public boolean isUsed(Manifest template) {
        String prefix = switch (ForeignKind.of(template).orElseThrow()) {
            case ANALYSIS_TEMPLATE -> "analysis:";
            case CLUSTER_ANALYSIS_TEMPLATE -> "cluster:";
            case METRIC_TEMPLATE -> "metric:";
            case ROLLOUT, CANARY -> throw new IllegalArgumentException("not a template: " + template.kind());
        };
        return usedTemplates.contains(prefix + name(template));
    }

    /** True when a Rollout's workloadRef or a Canary's targetRef names this Deployment. */
    public boolean isReferencedDeployment(Manifest m) {
        return "Deployment".equals(m.kind()) && usedDeployments.contains(name(m));
    }

    /** True when the set has no Argo or Flagger document. */
    public boolean isEmpty() {
        return releases.isEmpty()
                && analysisTemplates.isEmpty()
                && clusterAnalysisTemplates.isEmpty()
                && metricTemplates.isEmpty();
    }
}
