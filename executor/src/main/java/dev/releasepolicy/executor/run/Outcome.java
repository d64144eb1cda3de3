package dev.releasepolicy.executor.run;

import dev.releasepolicy.core.options.ExitCode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * How an {@code apply}, {@code resume}, {@code approve} or {@code rollback} ended.
 *
 * @param message      one line for people ("waiting until 2026-12-02T15:20:00Z (resume then)")
 * @param waitingUntil for {@link Result#WAITING}
 * @param notes        what a person should know (down-migrations to run by hand, skipped analyses)
 */
public record Outcome(Result result, String message, Optional<Instant> waitingUntil, List<String> notes) {

    /** The kinds of ending. */
    public enum Result {
        /** Every step done. */
        SUCCEEDED,
        /** Stopped at a long wait; {@code resume} after {@code waitingUntil}. */
        WAITING,
        /** Stopped at a manual pause; {@code approve} continues. */
        AWAITING_APPROVAL,
        /** A step failed (or {@code rollback} was asked for) and the compensations restored the previous version. */
        ROLLED_BACK,
        /** The rollback could not finish; the message names the step and resource. */
        ROLLBACK_FAILED;

        /** Exit code of the command line: OK done or paused as planned, ROLLED_BACK rolled back or failed. */
        public int exitCode() {
            return (this == ROLLED_BACK || this == ROLLBACK_FAILED ? ExitCode.ROLLED_BACK : ExitCode.OK).code();
        }
    }

    public Outcome {
        notes = List.copyOf(notes);
    }
}
