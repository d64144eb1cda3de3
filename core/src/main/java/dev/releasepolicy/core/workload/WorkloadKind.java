package dev.releasepolicy.core.workload;

/**
 * How a release names its own Deployment ({@code spec.workload}): the live object in the cluster, or
 * a file in the repository.
 */
public enum WorkloadKind {
    /** {@code spec.workload.deployment}: the live Deployment, unknown until the release is applied. */
    DEPLOYMENT("deployment"),
    /** {@code spec.workload.manifest}: a Deployment file read (and checked) by {@code verify}. */
    MANIFEST("manifest");

    private final String label;

    WorkloadKind(String label) {
        this.label = label;
    }

    /** The name policies see in {@code release.workload.kind}. */
    public String label() {
        return label;
    }
}
