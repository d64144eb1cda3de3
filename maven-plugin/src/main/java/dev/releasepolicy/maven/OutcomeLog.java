package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.status.StatusText;
import java.io.PrintWriter;
import java.util.function.Function;
import org.apache.maven.plugin.logging.Log;

/**
 * The one renderer of the executor commands' outcomes in the Maven log, and of their exit codes as goal
 * results: a release rolled back or refused fails the build with a one-line summary, a tool error
 * becomes a usage error (a {@code MojoExecutionException} through {@link MojoErrors}).
 */
final class OutcomeLog {

    private final Log log;

    OutcomeLog(Log log) {
        this.log = log;
    }

    /**
     * Runs {@code call} with its progress going to the log as it comes (an apply can run for an hour),
     * then logs the outcome and maps it to the goal's result; {@code what} names the work in the summary.
     */
    GoalResult run(String what, Function<Progress, CommandOutcome> call) {
        CommandOutcome o;
        try (PrintWriter lines = LogWriter.to(log::info)) {
            o = call.apply(Progress.plain(lines).warningsTo(w -> log.warn(MojoErrors.PREFIX + w)));
        }
        return result(render(o), what);
    }

    /** Logs an outcome: warnings, what it shows, and its closing line or refusal. */
    CommandOutcome render(CommandOutcome o) {
        o.warnings().forEach(w -> log.warn(MojoErrors.PREFIX + w));
        o.output()
                .map(output -> switch (output) {
                    case CommandOutcome.Text t -> t.text();
                    case CommandOutcome.Status s -> StatusText.render(s.view());
                })
                .ifPresent(text -> text.lines().forEach(log::info));
        switch (o.kind()) {
            case SUCCEEDED, WAITING, AWAITING_APPROVAL, ROLLED_BACK ->
                o.headline().ifPresent(log::info);
            case ROLLBACK_FAILED -> o.headline().ifPresent(log::error);
            case DRY_RUN, STATUS -> {
                // the output is the whole answer
            }
            case AUDIT_TRAIL -> log.info(o.message());
            case REFUSED, FAILED -> log.error(MojoErrors.PREFIX + o.message());
        }
        return o;
    }

    /** How the executor's exit codes read in Maven; a tool error becomes a usage error. */
    static GoalResult result(CommandOutcome o, String what) {
        return switch (o.exitCode()) {
            case OK -> GoalResult.ok(what + ": done");
            case ROLLED_BACK, FINDINGS ->
                new GoalResult(
                        o.exitCode(), what + ": the release failed and was rolled back" + " (see the log above)");
            case REFUSED -> GoalResult.refused(what + ": refused by the executor, nothing changed (see the log above)");
            case USAGE ->
                throw new UsageException(what + ": the executor stopped with a tool error (see the log above)");
        };
    }
}
