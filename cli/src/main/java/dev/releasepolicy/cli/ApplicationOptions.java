package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The release a cluster command acts on: the application and its namespace (a picocli mixin). */
final class ApplicationOptions {

    @Parameters(
            paramLabel = "APPLICATION",
            arity = "1",
            description = "The application (spec.application of the manifest).")
    String application;

    @Option(
            names = {"-n", "--namespace"},
            paramLabel = "NS",
            description = "The namespace of the release (spec.namespace; default: the namespace of the"
                    + " kubeconfig context, else default).")
    String namespace;

    /** {@code -n}, else the kubeconfig context's namespace, else {@code default}: as kubectl. */
    String namespace(ExecutorCommands.Target target) {
        return target.namespace(Optional.ofNullable(namespace));
    }
}
