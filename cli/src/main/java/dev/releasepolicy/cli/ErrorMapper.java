package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import java.io.PrintWriter;

/**
 * The one place where failures become messages and exit codes: usage problems and tool failures
 * both exit 2, with one line that says what went wrong; the stack trace only with --stacktrace.
 */
final class ErrorMapper {

    static final int EXIT_USAGE = ExitCode.USAGE.code();

    private ErrorMapper() {}

    static int report(Exception e, boolean stacktrace, PrintWriter err) {
        if (e instanceof UsageException) {
            err.println("release-policy: " + e.getMessage());
        } else {
            String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            err.println("release-policy: internal error: " + what);
            if (!stacktrace) {
                err.println("Run again with --stacktrace for details, and report it with that output.");
            }
        }
        if (stacktrace) {
            e.printStackTrace(err);
        }
        err.flush();
        return EXIT_USAGE;
    }
}
