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

    private final Map<String, List<Manifest>> analysisTemplates = new LinkedHashMap<>();
    private final Map<String, List<Manifest>> clusterAnalysisTemplates = new LinkedHashMap<>();
    private final Map<String, List<Manifest>> metricTemplates = new LinkedHashMap<>();
    private final Map<String, List<Manifest>> deployments = new LinkedHashMap<>();
    private final List<Manifest> releases = new ArrayList<>();
    private final Map<String, List<Manifest>> rollouts = new LinkedHashMap<>();
    private final Map<String, List<Manifest>> canaries = new LinkedHashMap<>();
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
                    deployments.computeIfAbsent(name(m), n -> new ArrayList<>()).add(m);
                }
                continue;
            }
            if (!k.get().knownVersion(m)) {
                continue;
            }
            switch (k.get()) {
                case ROLLOUT -> {
                    releases.add(m);
                    rollouts.computeIfAbsent(name(m), n -> new ArrayList<>()).add(m);
                }
                case CANARY -> {
                    releases.add(m);
                    canaries.computeIfAbsent(name(m), n -> new ArrayList<>()).add(m);
                }
                case ANALYSIS_TEMPLATE ->
                    analysisTemplates
                            .computeIfAbsent(name(m), n -> new ArrayList<>())
                            .add(m);
                case CLUSTER_ANALYSIS_TEMPLATE ->
                    clusterAnalysisTemplates
                            .computeIfAbsent(name(m), n -> new ArrayList<>())
                            .add(m);
                case METRIC_TEMPLATE ->
                    metricTemplates
                            .computeIfAbsent(name(m), n -> new ArrayList<>())
                            .add(m);
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
                .flatMap(key -> key.startsWith("rollout:")
                        ? nearest(rollouts.get(key.substring("rollout:".length())), release)
                        : nearest(canaries.get(key.substring("canary:".length())), release));
    }

    /** True when a release manifest of the set names this Rollout or Canary: it is checked through that release. */
    public boolean isNamedByRelease(Manifest m) {
        String prefix = "Rollout".equals(m.kind()) ? "rollout:" : "canary:";
        return namedByReleases.contains(prefix + name(m));
    }

    private static String name(Manifest m) {
        return m.tree().path("metadata").path("name").asString("");
    }

    /** The AnalysisTemplate (or ClusterAnalysisTemplate) named so, the one nearest to {@code from}'s file. */
    public Optional<Manifest> analysisTemplate(String name, boolean clusterScope, Manifest from) {
        return nearest((clusterScope ? clusterAnalysisTemplates : analysisTemplates).get(name), from);
    }

    public Optional<Manifest> metricTemplate(String name, Manifest from) {
        return nearest(metricTemplates.get(name), from);
    }

    public Optional<Manifest> deployment(String name, Manifest from) {
        return nearest(deployments.get(name), from);
    }

    /**
     * Of several objects of one name (two applications' folders verified together), the one whose file
     * shares the longest folder path with the referring object's file; the first found on a tie.
     */
    private static Optional<Manifest> nearest(List<Manifest> candidates, Manifest from) {
        if (candidates == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        Manifest best = candidates.get(0);
        int bestShared = -1;
        for (Manifest c : candidates) {
            int shared = sharedFolders(c.file(), from.file());
            if (shared > bestShared) {
                best = c;
                bestShared = shared;
            }
        }
        return Optional.of(best);
    }

    private static int sharedFolders(String a, String b) {
        String[] x = a.replace('\\', '/').split("/");
        String[] y = b.replace('\\', '/').split("/");
        int n = 0;
        while (n < x.length - 1 && n < y.length - 1 && x[n].equals(y[n])) {
            n++;
        }
        return n;
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
