package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code release-policy approve APPLICATION}. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = {"Release the manual pause a release is waiting at, and continue it."},
        footer = {"", "Exit codes: 0 done or stopped as planned, 1 rolled back, 2 tool error, 3 refused."})
final class ApproveCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApplicationOptions release;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    AuditLogOption audit;

    @Override
    public Integer call() {
        return new ExecutorCommands().approve(release.application, release.namespace, cluster.target(audit), spec.commandLine().getOut(), spec.commandLine().getErr(), ClusterOptions.terminal());
    }
}
