package dev.releasepolicy.maven;

import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.ExecutorCommands;
import dev.releasepolicy.executor.run.Progress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code dry-run} and {@code apply} share: where the cluster is, and the hand-over of a plan file
 * to the executor's entry point ({@link ExecutorCommands}, the same one {@code release-policy apply}
 * calls), with its progress streamed into the Maven log and its outcome rendered by {@link OutcomeLog}. The
 * work of {@link ClusterMojo}.
 */
abstract class ClusterWork extends PlanningWork {

    /** The goal's parameters, with the cluster's. */
    final ClusterMojo cluster;

    ClusterWork(ClusterMojo mojo) {
        super(mojo);
        this.cluster = mojo;
    }

    /** The cluster as the executor takes it. */
    protected final ExecutorCommands.Target target() {
        return new ExecutorCommands.Target(
                Optional.ofNullable(cluster.kubeconfig).map(this::resolve),
                Optional.ofNullable(cluster.context).filter(c -> !c.isBlank()),
                Optional.ofNullable(cluster.auditLog).map(this::resolve));
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
