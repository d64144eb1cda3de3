package dev.releasepolicy.cli;

import dev.releasepolicy.executor.ExecutorCommands;
import picocli.CommandLine.Option;

/** {@code --watch}: stay through long waits, watching the automatic-rollback triggers. */
final class WatchOption {

    @Option(
            names = "--watch",
            description = "Stay in the process through every timed wait (pauses, 'keep blue 24h'), watching the steps'"
                    + " automatic-rollback triggers and rolling back the moment one fires, instead of stopping at waits"
                    + " longer than 2 minutes with 'waiting until ...'. Without it nobody watches while the command is"
                    + " stopped: run 'resume' in time.")
    boolean watch;

    /** The executor's entry points, staying through waits when asked to. */
    ExecutorCommands commands() {
        return ExecutorCommands.watching(watch);
    }
}
