package dev.releasepolicy.core.foreign;

import dev.releasepolicy.core.manifest.Manifest;
import java.util.Optional;

/**
 * The Argo Rollouts and Flagger kinds that {@code verify} reads, with the one API version of each that
 * release-policy knows. A document of one of these kinds under another version of the same API group is
 * recognised (so it is reported, not taken for an unrelated object), but not read.
 */
public enum ForeignKind {
    ROLLOUT("argoproj.io", "v1alpha1", "Rollout"),
    ANALYSIS_TEMPLATE("argoproj.io", "v1alpha1", "AnalysisTemplate"),
    CLUSTER_ANALYSIS_TEMPLATE("argoproj.io", "v1alpha1", "ClusterAnalysisTemplate"),
    CANARY("flagger.app", "v1beta1", "Canary"),
    METRIC_TEMPLATE("flagger.app", "v1beta1", "MetricTemplate");

    private final String group;
    private final String version;
    private final String kind;

    ForeignKind(String group, String version, String kind) {
        this.group = group;
        this.version = version;
        this.kind = kind;
    }

    /** {@code argoproj.io/v1alpha1} or {@code flagger.app/v1beta1}. */
    public String apiVersion() {
        return group + "/" + version;
    }

    public String kind() {
        return kind;
    }

    /** The kind of a document whose group and kind are Argo's or Flagger's, whatever its version. */
    public static Optional<ForeignKind> of(Manifest m) {
        String api = m.tree().path("apiVersion").asString("");
        int slash = api.indexOf('/');
        String group = slash < 0 ? api : api.substring(0, slash);
        for (ForeignKind k : values()) {
            if (k.kind.equals(m.kind()) && k.group.equals(group)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** True when the document has the version release-policy reads. */
    public boolean knownVersion(Manifest m) {
        return apiVersion().equals(m.tree().path("apiVersion").asString(""));
    }

    /** True for the kinds that are checked as releases (Rollout, Canary). */
    public boolean isRelease() {
        return this == ROLLOUT || this == CANARY;
    }
}
