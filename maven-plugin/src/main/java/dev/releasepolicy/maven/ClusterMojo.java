package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.executor.ExecutorCommands;
import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * What {@code dry-run} and {@code apply} share: where the cluster is, and the hand-over of a plan file
 * to the executor's entry point ({@link ExecutorCommands}, the same one {@code release-policy apply}
 * calls), with its output streamed into the Maven log and its exit code mapped like every goal's.
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

    /** How the executor's exit codes read in Maven; a tool error becomes a MojoExecutionException. */
    protected static GoalResult result(int exitCode, String what) {
        if (exitCode == ExitCode.OK.code()) {
            return GoalResult.ok(what + ": done");
        }
        if (exitCode == ExitCode.ROLLED_BACK.code()) {
            return new GoalResult(
                    ExitCode.ROLLED_BACK, what + ": the release failed and was rolled back" + " (see the log above)");
        }
        if (exitCode == ExitCode.REFUSED.code()) {
            return GoalResult.refused(what + ": refused by the executor, nothing changed (see the log above)");
        }
        throw new UsageException(what + ": the executor stopped with a tool error (see the log above)");
    }

    /** Runs one executor call with its output and errors going to the Maven log. */
    protected final int withLog(ExecutorCall call) {
        try (PrintWriter out = LogWriter.to(getLog()::info);
                PrintWriter err = LogWriter.to(getLog()::error)) {
            return call.run(out, err);
        }
    }

    /** One call into the executor. */
    @FunctionalInterface
    protected interface ExecutorCall {
        int run(PrintWriter out, PrintWriter err);
    }

    /** Resolves a path for messages. */
    protected final String shown(Path p) {
        return relativePaths().display(p);
    }
}
