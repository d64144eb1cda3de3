package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --kubeconfig FILE --context NAME}: which cluster the executor commands talk to. */
final class ClusterOptions {

    @Option(
            names = "--kubeconfig",
            paramLabel = "FILE",
            description =
                    "The kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or the in-cluster service account).")
    Path kubeconfig;

    @Option(
            names = "--context",
            paramLabel = "NAME",
            description = "The kubeconfig context (default: its current context).")
    String context;

    ExecutorCommands.Target target() {
        return new ExecutorCommands.Target(Optional.ofNullable(kubeconfig), Optional.ofNullable(context));
    }

    /** The cluster, and a local file that also receives the audit trail. */
    ExecutorCommands.Target target(AuditLogOption audit) {
        return new ExecutorCommands.Target(
                Optional.ofNullable(kubeconfig), Optional.ofNullable(context), Optional.ofNullable(audit.auditLog));
    }

    /** Whether standard output is a terminal (live countdowns) rather than a log (plain lines). */
    static boolean terminal() {
        return System.console() != null && System.getenv("CI") == null;
    }
}
