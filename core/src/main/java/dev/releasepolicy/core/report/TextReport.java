package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
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

    /** One finding's block: the compiler-style line, then its hint, JSON Pointer and waiver. */
    static void block(Finding f, StringBuilder sb) {
        sb.append(f.location())
                .append(": ")
                .append(
                        f.waiver().isPresent()
                                ? "waived " + f.severity().label()
                                : f.severity().label())
                .append(": ")
                .append(indentContinuation(f.message()))
                .append(" [")
                .append(f.policyId())
                .append("]\n");
        if (!f.hint().isEmpty()) {
            sb.append("    hint: ").append(f.hint()).append('\n');
        }
        if (!f.pointer().isEmpty()) {
            sb.append("    at:   ").append(f.pointer()).append('\n');
        }
        f.waiver()
                .ifPresent(w -> sb.append("    waived: ")
                        .append(w.reason())
                        .append(" (owner ")
                        .append(w.owner())
                        .append(", expires ")
                        .append(w.expires())
                        .append(")\n"));
    }

    /** Indents a multi-line message's continuation lines, so each block still starts with its location. */
    static String indentContinuation(String message) {
        return message.replace("\r\n", "\n").replace("\n", "\n    ");
    }
}
