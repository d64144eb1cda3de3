package dev.releasepolicy.executor;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.executor.kube.ClusterException;
import dev.releasepolicy.executor.state.RefusedException;
import java.util.List;

/**
 * The one place where the executor's expected failures become outcomes: a refusal (another release in
 * progress, a stale plan, nothing to do) is {@code REFUSED}; a failed API request and a usage problem
 * are tool errors. Anything else is a bug and is not turned into an outcome.
 */
final class Failures {

    private Failures() {}

    /** The outcome of an expected failure; rethrows anything else. */
    static CommandOutcome outcome(RuntimeException e, ExecutorCommands.Target target) {
        if (e instanceof RefusedException) {
            return CommandOutcome.refused(e.getMessage(), List.of());
        }
        if (e instanceof ClusterException c) {
            return CommandOutcome.failed(clusterFailure(c, target));
        }
        if (e instanceof UsageException) {
            return CommandOutcome.failed(e.getMessage());
        }
        throw e;
    }

    /** A failed API request; when no answer came at all, how to point the command at the cluster. */
    static String clusterFailure(ClusterException e, ExecutorCommands.Target target) {
        if (e.code() != 0) {
            return e.getMessage();
        }
        return e.getMessage() + "\n  hint: no answer from the Kubernetes API of "
                + target.kubeconfig()
                        .map(p -> "kubeconfig " + p)
                        .orElse("the default kubeconfig ($KUBECONFIG, ~/.kube/config)")
                + target.context().map(c -> ", context " + c).orElse(", current context")
                + ": check --kubeconfig and --context, and that the cluster is reachable from here";
    }
}
