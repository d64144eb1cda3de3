package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.text.SafeText;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;

/**
 * A summary for people: the summary line, a table of the manifests checked and a table of the
 * findings, in GitHub-flavoured Markdown, to paste into a pull request or publish as a CI job summary
 * (the Maven plugin writes it as {@code target/release-policy/release-policy.md}).
 */
public final class MarkdownReport implements ReportWriter {

    @Override
    public String name() {
        return "markdown";
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        out.append("# release-policy verify\n\n");
        out.append(report.errors() > 0 ? "**Failed:** " : "**Passed:** ")
                .append(report.summary())
                .append("\n");
        if (!report.manifests().isEmpty()) {
            out.append("\n| Manifest | File | Errors | Warnings |\n|---|---|---:|---:|\n");
            for (ManifestResult m : report.manifests()) {
                out.append("| ")
                        .append(cell(m.name().isEmpty() ? "(unnamed)" : m.name()))
                        .append(" | `")
                        .append(code(m.file()))
                        .append("` | ")
                        .append(String.valueOf(m.findings().stream()
                                .filter(Finding::isBlockingError)
                                .count()))
                        .append(" | ")
                        .append(String.valueOf(m.findings().stream()
                                .filter(Finding::isOpenWarning)
                                .count()))
                        .append(" |\n");
            }
        }
        if (report.findings().isEmpty()) {
            out.append("\nNo findings.\n");
            return;
        }
        out.append("\n## Findings\n\n| Severity | Where | Policy | Message | How to fix |\n|---|---|---|---|---|\n");
        for (Finding f : report.findings()) {
            String severity = f.waiver().isPresent()
                    ? "waived " + f.severity().label() + " (" + f.waiver().get().reason() + ", until "
                            + f.waiver().get().expires() + ")"
                    : f.severity().label();
            out.append("| ")
                    .append(cell(severity))
                    .append(" | `")
                    .append(code(f.location().toString()))
                    .append("` | `")
                    .append(code(f.policyId()))
                    .append("` | ")
                    .append(cell(f.message()))
                    .append(" | ")
                    .append(cell(f.hint()))
                    .append(" |\n");
        }
    }

    /** Table cells: manifest and policy text neutralised (no raw HTML, links, line breaks or cell ends). */
    private static String cell(String text) {
        return SafeText.markdown(text);
    }

    /** Inside backticks a pipe still ends the cell; backticks would end the code span. */
    private static String code(String text) {
        return SafeText.markdownCode(text);
    }
}
