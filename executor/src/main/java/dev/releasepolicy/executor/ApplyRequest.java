package dev.releasepolicy.executor;

import dev.releasepolicy.core.options.UsageException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code apply} is asked to do, validated once when it is made: which plan file, how (a dry run,
 * offline or against the cluster, or the real thing), where, under which rules, and whether to stay
 * through long waits.
 *
 * @param rules the rules to check the plan's policy set against; empty when the caller just made the plan
 * @param watch stay in the process through every timed wait, watching the rollback triggers
 */
public record ApplyRequest(
        Path planFile,
        Mode mode,
        ExecutorCommands.Target target,
        Optional<ExecutorCommands.Rules> rules,
        boolean watch) {

    /** How a plan is applied. */
    public enum Mode {
        /** Print what would be sent, without looking for a cluster. */
        DRY_RUN_OFFLINE,
        /** Print what would be sent, with a diff against the live objects (offline when no cluster answers). */
        DRY_RUN,
        /** A dry run whose every write the API server validates ({@code dryRun=All}); needs a cluster. */
        SERVER_DRY_RUN,
        /** Run the release. */
        APPLY;

        /**
         * The mode the command-line flags ask for. {@code --offline} without {@code --dry-run}, and
         * {@code --server-dry-run} with {@code --offline}, are usage errors.
         */
        public static Mode of(boolean dryRun, boolean serverDryRun, boolean offline) {
            if (offline && !dryRun) {
                throw new UsageException(
                        "--offline only goes with --dry-run: a release cannot be applied without a cluster");
            }
            if (offline && serverDryRun) {
                throw new UsageException("--server-dry-run needs a cluster: it cannot go with --offline");
            }
            if (!dryRun) {
                return APPLY;
            }
            if (offline) {
                return DRY_RUN_OFFLINE;
            }
            return serverDryRun ? SERVER_DRY_RUN : DRY_RUN;
        }

        /** Whether nothing is sent. */
        public boolean dryRun() {
            return this != APPLY;
        }
    }

    /** A request for a plan the caller has just made (no rules to check it against), not watching. */
    public static ApplyRequest of(Path planFile, Mode mode, ExecutorCommands.Target target) {
        return new ApplyRequest(planFile, mode, target, Optional.empty(), false);
    }
}
