package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.finding.Location;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;

/**
 * The human format: one block per finding in the compiler style that editors make clickable,
 * {@code file:line:col: severity: message [policy]}, then the hint and the JSON Pointer, and the
 * summary line last.
 */
public final class TextReport implements ReportWriter {

    @Override
    public String name() {
        return "text";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        for (Finding f : report.findings()) {
            StringBuilder block = new StringBuilder();
            block(f, block);
            out.append(block);
        }
        out.append(report.summary()).append('\n');
    }

    /**
     * One finding's block: the compiler-style line, then its hint, JSON Pointer and waiver. Every text from a
     * manifest or a policy goes through {@link SafeText}: control characters are escaped and continuation lines
     * indented, so no line of the block can start with text of the source (a forged {@code ::error} command,
     * a terminal escape sequence).
     */
    static void block(Finding f, StringBuilder sb) {
        sb.append(located(f.location()))
                .append(": ")
                .append(
                        f.waiver().isPresent()
                                ? "waived " + f.severity().label()
                                : f.severity().label())
                .append(": ")
                .append(SafeText.lines(f.message(), CONTINUATION))
                .append(" [")
                .append(SafeText.line(f.policyId()))
                .append("]\n");
        if (!f.hint().isEmpty()) {
            sb.append("    hint: ")
                    .append(SafeText.lines(f.hint(), CONTINUATION))
                    .append('\n');
        }
        if (!f.pointer().isEmpty()) {
            sb.append("    at:   ").append(SafeText.line(f.pointer())).append('\n');
        }
        f.waiver()
                .ifPresent(w -> sb.append("    waived: ")
                        .append(SafeText.line(w.reason()))
                        .append(" (owner ")
                        .append(SafeText.line(w.owner()))
                        .append(", expires ")
                        .append(SafeText.line(w.expires()))
                        .append(")\n"));
    }

    /** The indent of a message's or hint's continuation lines. */
    static final String CONTINUATION = "    ";

    /**
     * The location that starts a block: a file name is the user's, but a folder scan may find any name, so it
     * is escaped too, and one that starts with {@code ::} has that colon escaped.
     */
    static String located(Location location) {
        return SafeText.lineStart(SafeText.line(location.toString()));
    }
}
