package dev.releasepolicy.cli;

import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.ExecutorCommands;
import dev.releasepolicy.executor.run.Progress;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options of the commands that run a release on a cluster (apply, approve, resume): the cluster, the local
 * audit log and {@code --watch} (a picocli mixin), and the rendering of their outcome.
 */
final class ReleaseRunOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    AuditLogOption audit;

    @Mixin
    WatchOption waiting;

    /** The cluster, and a local file that also receives the audit trail. */
    ExecutorCommands.Target target() {
        return cluster.target(audit);
    }

    /** The executor's entry points, staying through waits when asked to. */
    ExecutorCommands commands() {
        return waiting.commands();
    }

    /** Runs the command with the progress shown as it goes, prints its outcome and returns the exit code. */
    int render(Function<Progress, CommandOutcome> run) {
        OutcomeRenderer renderer = OutcomeRenderer.of(command);
        return renderer.render(run.apply(renderer.progress()));
    }
}
