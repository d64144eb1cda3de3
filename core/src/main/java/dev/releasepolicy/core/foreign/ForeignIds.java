package dev.releasepolicy.core.foreign;

/** Policy ids of the findings about Argo Rollouts and Flagger objects themselves (docs/argo-flagger.md). */
public final class ForeignIds {

    /** Warning: a construct the release model does not have yet ("not checked: setCanaryScale"). */
    public static final String NOT_CHECKED = "argo-flagger/not-checked";

    /** Error: an Argo or Flagger kind under an API version release-policy does not read. */
    public static final String API_VERSION = "argo-flagger/api-version";

    /** Error: a reference (workloadRef, targetRef, templateName, templateRef) names nothing in the set. */
    public static final String REFERENCE = "argo-flagger/reference";

    /**
     * Error: an AnalysisTemplate argument ({@code {{args.NAME}}}) that the Rollout's analysis does not pass and
     * the template gives no value for.
     */
    public static final String ARGS = "argo-flagger/args";

    /** Warning: an AnalysisTemplate or MetricTemplate that no Rollout or Canary of the set uses. */
    public static final String UNUSED = "argo-flagger/unused-template";

    /** Error: a {@code releasepolicy.dev/...} annotation that cannot be read. */
    public static final String ANNOTATION = "argo-flagger/annotation";

    /** Error: a value the release needs and the object does not give (the image, the version). */
    public static final String MISSING = "argo-flagger/missing";

    private ForeignIds() {}
}
