package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code release-policy status APPLICATION}. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = {
            "Show a release's state, its live traffic and what happens next.",
            "The current and next step, the holder and its lease, approvals so far, and the live",
            "routing (Service selector, VirtualService weights)."
        })
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationOptions release;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() {
        return OutcomeRenderer.of(spec)
                .render(new ExecutorCommands()
                        .status(release.application, release.namespace(cluster.target()), cluster.target()));
    }
}
