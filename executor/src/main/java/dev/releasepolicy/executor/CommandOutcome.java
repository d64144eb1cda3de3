package dev.releasepolicy.executor;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.executor.run.Outcome;
import dev.releasepolicy.executor.status.StatusView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How an executor command ended, as data for a front end to render (the CLI prints it, the Maven goals
 * log it): what kind of ending, the one-line message, warnings, notes for people, what to show (the
 * dry-run text, the status, the audit trail) and the exit code.
 *
 * @param message  one line: the release's message, the refusal or the tool error; "" when there is none
 * @param warnings said before anything else (a plan that cannot be checked against its manifest)
 * @param notes    what a person should know after a run (down-migrations to run by hand)
 * @param output   what the command shows as its result
 */
public record CommandOutcome(
        Kind kind,
        ExitCode exitCode,
        String message,
        List<String> warnings,
        List<String> notes,
        Optional<Output> output) {

    /** The kinds of ending. */
    public enum Kind {
        /** Every step done. */
        SUCCEEDED,
        /** Stopped at a long wait; {@code resume} continues. */
        WAITING,
        /** Stopped at a manual pause or an inconclusive analysis; {@code approve} continues. */
        AWAITING_APPROVAL,
        /** The release failed (or a rollback was asked for) and was rolled back. */
        ROLLED_BACK,
        /** The rollback could not finish. */
        ROLLBACK_FAILED,
        /** A dry run: its text is the output. */
        DRY_RUN,
        /** A release's status: the output. */
        STATUS,
        /** An audit trail: its records are the output, the message says whether it is intact. */
        AUDIT_TRAIL,
        /** Refused, nothing changed. */
        REFUSED,
        /** A usage or tool error (unreadable plan, unreachable cluster). */
        FAILED
    }

    /** What a command shows. */
    public sealed interface Output {}

    /** Text shown as it is (the dry run, an audit trail's JSON lines). */
    public record Text(String text) implements Output {}

    /** A release's status, to render with {@code StatusText}. */
    public record Status(StatusView view) implements Output {}

    public CommandOutcome {
        warnings = List.copyOf(warnings);
        notes = List.copyOf(notes);
    }

    /** The ending of apply, resume, approve or rollback, with the exit code the command gives it. */
    static CommandOutcome ofRun(Outcome o, ExitCode exitCode, List<String> warnings) {
        Kind kind = switch (o.result()) {
            case SUCCEEDED -> Kind.SUCCEEDED;
            case WAITING -> Kind.WAITING;
            case AWAITING_APPROVAL -> Kind.AWAITING_APPROVAL;
            case ROLLED_BACK -> Kind.ROLLED_BACK;
            case ROLLBACK_FAILED -> Kind.ROLLBACK_FAILED;
        };
        return new CommandOutcome(kind, exitCode, o.message(), warnings, o.notes(), Optional.empty());
    }

    static CommandOutcome refused(String message, List<String> warnings) {
        return new CommandOutcome(Kind.REFUSED, ExitCode.REFUSED, message, warnings, List.of(), Optional.empty());
    }

    static CommandOutcome failed(String message) {
        return new CommandOutcome(Kind.FAILED, ExitCode.USAGE, message, List.of(), List.of(), Optional.empty());
    }

    static CommandOutcome dryRun(String text, List<String> warnings) {
        return new CommandOutcome(Kind.DRY_RUN, ExitCode.OK, "", warnings, List.of(), Optional.of(new Text(text)));
    }

    /**
     * The line that says how a run ended ({@code Done: ...}, {@code Stopped: ...}), for the kinds that
     * have one; empty for the others, whose message is a refusal, an error or goes with the output.
     */
    public Optional<String> headline() {
        return switch (kind) {
            case SUCCEEDED -> Optional.of("Done: " + message);
            case WAITING, AWAITING_APPROVAL -> Optional.of("Stopped: " + message);
            case ROLLED_BACK -> Optional.of("Rolled back: " + message);
            case ROLLBACK_FAILED -> Optional.of("Rollback FAILED: " + message);
            case DRY_RUN, STATUS, AUDIT_TRAIL, REFUSED, FAILED -> Optional.empty();
        };
    }

    /** This outcome with warnings said before it. */
    CommandOutcome withWarnings(List<String> earlier) {
        List<String> all = new ArrayList<>(earlier);
        all.addAll(warnings);
        return new CommandOutcome(kind, exitCode, message, all, notes, output);
    }
}
