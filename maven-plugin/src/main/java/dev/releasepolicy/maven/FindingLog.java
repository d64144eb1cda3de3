package dev.releasepolicy.maven;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.verify.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.plugin.logging.Log;

/**
 * Writes findings to the Maven log, one line each, in the form IDEs and CI log scanners pick up:
 * {@code [ERROR] release/api.yaml:12:5 rollback-plan spec.rollback is missing (add spec.rollback.to)}.
 * Errors go to {@code [ERROR]}, warnings to {@code [WARNING]}, waived findings to {@code [INFO]} with
 * the waiver's reason and expiry.
 */
final class FindingLog {

    private FindingLog() {}

    static void log(VerifyReport report, Log log) {
        lines(report).forEach(line -> emit(line, log));
    }

    /** The report's findings as log lines, in report order. */
    static List<VerifyGoal.Line> lines(VerifyReport report) {
        List<VerifyGoal.Line> lines = new ArrayList<>();
        for (Finding f : report.findings()) {
            String line = line(f);
            if (f.waiver().isPresent()) {
                var w = f.waiver().get();
                lines.add(new VerifyGoal.Line(
                        VerifyGoal.Level.INFO,
                        line + " [waived: " + w.reason() + "; owner " + w.owner() + ", expires " + w.expires() + "]"));
            } else if (f.isBlockingError()) {
                lines.add(new VerifyGoal.Line(VerifyGoal.Level.ERROR, line));
            } else {
                lines.add(new VerifyGoal.Line(VerifyGoal.Level.WARN, line));
            }
        }
        return lines;
    }

    /** Logs one line at its level (debug lines only with {@code -X}). */
    static void emit(VerifyGoal.Line line, Log log) {
        switch (line.level()) {
            case DEBUG -> {
                if (log.isDebugEnabled()) {
                    log.debug(line.text());
                }
            }
            case INFO -> log.info(line.text());
            case WARN -> log.warn(line.text());
            case ERROR -> log.error(line.text());
        }
    }

    /** {@code file:line:col policy-id message (hint)}. */
    static String line(Finding f) {
        return f.location() + " " + f.policyId() + " " + f.message()
                + (f.hint().isEmpty() ? "" : " (" + f.hint() + ")");
    }
}
