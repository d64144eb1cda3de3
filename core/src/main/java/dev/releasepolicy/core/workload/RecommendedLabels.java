package dev.releasepolicy.core.workload;

import tools.jackson.databind.node.ObjectNode;

/**
 * The Kubernetes recommended labels ({@code app.kubernetes.io/name, instance, version, part-of, managed-by})
 * that release-policy puts on the objects it creates, beside the {@code app}/{@code version} labels Istio
 * and the Services select on. They go on an object's {@code metadata.labels} only: never into a selector
 * (immutable on a Deployment) or a pod template (the Service selects those pods).
 */
public final class RecommendedLabels {

    /** The application's name. */
    public static final String NAME = "app.kubernetes.io/name";
    /** What tells this object apart from the application's others, such as a version's Deployment name. */
    public static final String INSTANCE = "app.kubernetes.io/instance";
    /** The version the object runs. */
    public static final String VERSION = "app.kubernetes.io/version";
    /** The larger application it belongs to. */
    public static final String PART_OF = "app.kubernetes.io/part-of";
    /** The tool that manages it. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    /** The value of {@link #MANAGED_BY}. */
    public static final String TOOL = "release-policy";

    private RecommendedLabels() {}

    /**
     * Sets the labels in {@code labels}. A name or part-of the team already gave an object it copied from
     * stays (the team names its application better than we can; the manifest has no larger application,
     * so part-of defaults to the application); instance, version and managed-by describe the new object.
     *
     * @param labels      an object's {@code metadata.labels}
     * @param application the application
     * @param instance    the object's instance, such as {@code orders-api-2-7-0}
     * @param version     the version as a label value
     */
    public static ObjectNode put(ObjectNode labels, String application, String instance, String version) {
        if (!labels.has(NAME)) {
            labels.put(NAME, application);
        }
        labels.put(INSTANCE, instance);
        labels.put(VERSION, version);
        if (!labels.has(PART_OF)) {
            labels.put(PART_OF, application);
        }
        labels.put(MANAGED_BY, TOOL);
        return labels;
    }
}
