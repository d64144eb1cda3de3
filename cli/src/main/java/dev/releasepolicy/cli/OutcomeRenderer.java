package dev.releasepolicy.cli;

import dev.releasepolicy.executor.CommandOutcome;
import dev.releasepolicy.executor.run.Progress;
import dev.releasepolicy.executor.status.StatusText;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The one renderer of the executor commands' outcomes on the command line: warnings, refusals and notices
 * (retried API calls) go to standard error with the {@code release-policy:} prefix, the dry run, status and
 * audit records to standard output, the closing line of a run ({@code Done: ...}) too; the exit code is the
 * outcome's.
 */
final class OutcomeRenderer {

    private static final String PREFIX = "release-policy: ";

    private final PrintWriter out;
    private final PrintWriter err;

    OutcomeRenderer(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Renders to the command's output and error streams. */
    static OutcomeRenderer of(CommandSpec spec) {
        return new OutcomeRenderer(
                spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Where a run's progress goes while it runs: a live countdown on a terminal, plain lines otherwise. */
    Progress progress() {
        Progress lines = ClusterOptions.terminal() ? Progress.terminal(out) : Progress.plain(out);
        return lines.warningsTo(this::warning).noticesTo(this::notice);
    }

    /** Prints the outcome and returns its exit code. */
    int render(CommandOutcome o) {
        o.warnings().forEach(this::warning);
        o.output()
                .ifPresent(output -> out.print(
                        switch (output) {
                            case CommandOutcome.Text t -> t.text();
                            case CommandOutcome.Status s -> StatusText.render(s.view());
                        }));
        switch (o.kind()) {
            case SUCCEEDED, WAITING, AWAITING_APPROVAL, ROLLED_BACK, ROLLBACK_FAILED ->
                o.headline().ifPresent(out::println);
            case DRY_RUN, STATUS -> {
                // the output is the whole answer
            }
            case AUDIT_TRAIL -> err.println(o.message());
            case REFUSED, FAILED -> err.println(PREFIX + o.message());
        }
        out.flush();
        err.flush();
        return o.exitCode().code();
    }

    /** A diagnostic such as a retried API call: standard error, so standard output stays the run's own. */
    private void notice(String text) {
        err.println(PREFIX + text);
        err.flush();
    }

    private void warning(String text) {
        err.println(PREFIX + "warning: " + text);
        err.flush();
    }
}
