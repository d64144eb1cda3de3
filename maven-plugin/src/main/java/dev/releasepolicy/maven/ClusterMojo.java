package dev.releasepolicy.maven;

import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.ExecutorCommands;
import dev.releasepolicy.executor.run.Progress;
import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code dry-run} and {@code apply} share: where the cluster is, and the hand-over of a plan file
 * to the executor's entry point ({@link ExecutorCommands}, the same one {@code release-policy apply}
 * calls), with its progress streamed into the Maven log and its outcome rendered by {@link OutcomeLog}.
 */
public abstract class ClusterMojo extends PlanningMojo {

    /** Kubeconfig file of the cluster. Default: the usual kubeconfig ({@code $KUBECONFIG}, {@code ~/.kube/config}). */
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

    /** The cluster as the executor takes it. */
    protected final ExecutorCommands.Target target() {
        return new ExecutorCommands.Target(
                Optional.ofNullable(kubeconfig).map(this::resolve),
                Optional.ofNullable(context).filter(c -> !c.isBlank()),
                Optional.ofNullable(auditLog).map(this::resolve));
    }

    /** Runs one executor command, its progress and outcome going to the Maven log; {@code what} names the work. */
    protected final GoalResult execute(String what, Function<Progress, CommandOutcome> call) {
        return new OutcomeLog(getLog()).run(what, call);
    }

    /** Resolves a path for messages. */
    protected final String shown(Path p) {
        return relativePaths().display(p);
    }
}
