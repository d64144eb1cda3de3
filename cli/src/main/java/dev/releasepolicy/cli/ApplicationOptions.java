package dev.releasepolicy.cli;

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
            defaultValue = "default",
            description = "The namespace of the release (spec.namespace; default: default).")
    String namespace;
}
