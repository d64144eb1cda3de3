package dev.releasepolicy.maven;

import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code dry-run} and {@code apply} share: where the cluster is, and the hand-over of a plan file
 * to the executor's entry point (the same one {@code release-policy apply} calls), with its progress
 * streamed into the Maven log. The work is {@code ClusterWork}; this Java 8 class only carries the
 * parameters (see {@link ReleasePolicyMojo}).
 */
public abstract class ClusterMojo extends PlanningMojo {

    /**
     * Kubeconfig file of the cluster. Default: the usual kubeconfig ({@code $KUBECONFIG}, {@code ~/.kube/config}).
     */
    @Parameter(property = "release-policy.kubeconfig")
    protected File kubeconfig;

    /** Kubeconfig context to use. Default: the current context. */
    @Parameter(property = "release-policy.context")
    protected String context;

    /**
     * Also append the audit trail of {@code apply} to this local JSON-lines file (created if missing;
     * check it with {@code release-policy audit verify FILE}). The cluster keeps the trail anyway, in
     * ConfigMap {@code release-policy-<application>-audit}.
     */
    @Parameter(property = "release-policy.auditLog")
    protected File auditLog;
}
