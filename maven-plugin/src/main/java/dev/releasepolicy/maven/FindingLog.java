package dev.releasepolicy.maven;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.verify.VerifyReport;
import org.apache.maven.plugin.logging.Log;

/**
 * Writes findings to the Maven log, one line each, in the form IDEs and CI log scanners pick up:
 * {@code [ERROR] release/api.yaml:12:5 rollback-plan spec.rollback is missing (add spec.rollback.to)}.
 * Errors go to {@code [ERROR]}, warnings to {@code [WARNING]}, waived findings to {@code [INFO]} with
 * the waiver's reason and expiry.
 */
final class FindingLog {

    private FindingLog() {
    }

    static void log(VerifyReport report, Log log) {
        for (Finding f : report.findings()) {
            String line = line(f);
            if (f.waiver().isPresent()) {
                var w = f.waiver().get();
                log.info(line + " [waived: " + w.reason() + "; owner " + w.owner() + ", expires " + w.expires() + "]");
            } else if (f.isBlockingError()) {
                log.error(line);
            } else {
                log.warn(line);
            }
        }
    }

    /** {@code file:line:col policy-id message (hint)}. */
    static String line(Finding f) {
        return f.location() + " " + f.policyId() + " " + f.message() + (f.hint().isEmpty() ? "" : " (" + f.hint() + ")");
    }
}
