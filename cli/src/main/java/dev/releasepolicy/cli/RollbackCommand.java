package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code release-policy rollback APPLICATION}. */
@Command(
        name = "rollback",
        mixinStandardHelpOptions = true,
        description = {
            "Roll the release back now.",
            "Traffic, Deployments and ConfigMaps go back to the previous version, newest step",
            "first; the reason is recorded in the state and the audit trail."
        })
final class RollbackCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationOptions release;

    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            defaultValue = "rollback requested",
            description = "Why (recorded in the state and the audit trail).")
    String reason;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    AuditLogOption audit;

    @Override
    public Integer call() {
        OutcomeRenderer renderer = OutcomeRenderer.of(spec);
        return renderer.render(new ExecutorCommands()
                .rollback(
                        release.application,
                        release.namespace(cluster.target()),
                        reason,
                        cluster.target(audit),
                        renderer.progress()));
    }
}
