package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;

/**
 * GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.
 *
 * <pre>
 * ::error file=release/api.yaml,line=24,col=9,title=rollback-plan::no rollback target (set spec.rollback.to ...)
 * ::warning file=...,title=monitoring::...
 * ::notice file=...,title=release-window (waived)::... (waived: reason; owner x, expires 2026-12-31)
 * 3 manifests, 2 errors, 1 warning, 1 waived
 * </pre>
 *
 * Errors and warnings map to {@code ::error} and {@code ::warning}; a waived finding is a
 * {@code ::notice} whose title says it is waived. The message is followed by the hint in
 * parentheses. {@code line}/{@code col} are left out for findings about a whole file. Escaping
 * follows the runner's rules: in the message {@code %}, CR and LF become {@code %25}, {@code %0D},
 * {@code %0A}; in property values additionally {@code :} and {@code ,} become {@code %3A} and
 * {@code %2C}. Text from a manifest or a policy is neutralised first ({@link SafeText}): no control character
 * reaches the log, and no line of the output starts with {@code ::} unless it is one of these commands.
 * The summary line closes the output as plain text.
 */
public final class GithubReport implements ReportWriter {

    @Override
    public String name() {
        return "github";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        for (Finding f : report.findings()) {
            String command = f.waiver().isPresent() ? "notice" : f.severity().label();
            Location l = f.location();
            out.append("::").append(command).append(" file=").append(property(l.file()));
            if (l.line() > 0) {
                out.append(",line=")
                        .append(Integer.toString(l.line()))
                        .append(",col=")
                        .append(Integer.toString(Math.max(l.column(), 1)));
            }
            out.append(",title=").append(property(f.policyId() + (f.waiver().isPresent() ? " (waived)" : "")));
            StringBuilder message = new StringBuilder(f.message());
            if (!f.hint().isEmpty()) {
                message.append(" (").append(f.hint()).append(')');
            }
            f.waiver()
                    .ifPresent(w -> message.append(" (waived: ")
                            .append(w.reason())
                            .append("; owner ")
                            .append(w.owner())
                            .append(", expires ")
                            .append(w.expires())
                            .append(')'));
            out.append("::").append(data(message.toString())).append('\n');
        }
        out.append(report.summary()).append('\n');
    }

    /**
     * Escapes a command's message: control characters (ESC, NUL, BEL, U+0085, U+2028, ...) as visible escapes,
     * line breaks kept for the annotation (indented, as in the text report) but encoded so the command stays on
     * one line of output.
     */
    static String data(String s) {
        return percent(SafeText.lines(s, TextReport.CONTINUATION));
    }

    /** Escapes a command property value: on one line, control characters visible, then the runner's encoding. */
    static String property(String s) {
        return percent(SafeText.line(s)).replace(":", "%3A").replace(",", "%2C");
    }

    private static String percent(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }
}
