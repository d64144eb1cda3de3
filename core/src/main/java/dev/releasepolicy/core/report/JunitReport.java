package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * JUnit XML, for CI systems that display test results (Jenkins, GitLab, Azure DevOps, ...).
 *
 * <ul>
 *   <li>{@code <testsuites>} holds one {@code <testsuite>} per file (name = the file as given),
 *       sorted by file name.</li>
 *   <li>Each Release manifest is a {@code <testcase classname="FILE" name="MANIFEST-NAME">} (the
 *       name is {@code document N} when the manifest has none). Findings about the file as a whole
 *       (YAML syntax, refused input) form a test case named after the file, listed first.</li>
 *   <li>A test case with unwaived errors has exactly <em>one</em> {@code <failure>}: several
 *       failure elements in one test case are outside the common JUnit schema and Jenkins keeps
 *       only one of them. Its {@code message} is the error's message (or
 *       {@code "N errors: first; second; ..."}), its {@code type} the policy id (or the distinct ids,
 *       comma-separated), and its body lists every error as {@code file:line:col: error: message
 *       [policy]} with the hint and the JSON Pointer.</li>
 *   <li>Warnings and waived findings do not fail a test case; they are listed in the same form in
 *       its {@code <system-out>}.</li>
 * </ul>
 * Counts ({@code tests}, {@code failures}, {@code errors} = 0, {@code skipped} = 0) are per suite
 * and totalled on {@code <testsuites>}. No timestamps or durations: the output is deterministic.
 * Text is escaped for XML 1.0; characters XML cannot carry are replaced by U+FFFD.
 */
public final class JunitReport implements ReportWriter {

    @Override
    public String name() {
        return "junit";
    }

    private record Case(String name, List<Finding> findings) {
        List<Finding> errors() {
            return findings.stream().filter(Finding::isBlockingError).toList();
        }

        List<Finding> others() {
            return findings.stream().filter(f -> !f.isBlockingError()).toList();
        }
    }

    @Override
    public void write(VerifyReport report, Appendable out) throws IOException {
        Map<String, List<Case>> suites = new TreeMap<>();
        for (FileResult f : report.files()) {
            suites.computeIfAbsent(f.file(), k -> new ArrayList<>()).add(new Case(f.file(), f.findings()));
        }
        for (ManifestResult m : report.manifests()) {
            String name = m.name() == null || m.name().isBlank() ? "document " + (m.document() + 1) : m.name();
            suites.computeIfAbsent(m.file(), k -> new ArrayList<>()).add(new Case(name, m.findings()));
        }
        int tests = suites.values().stream().mapToInt(List::size).sum();
        long failures = suites.values().stream()
                .flatMap(List::stream)
                .filter(c -> !c.errors().isEmpty())
                .count();

        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        out.append("<testsuites name=\"release-policy\" tests=\"")
                .append(Integer.toString(tests))
                .append("\" failures=\"")
                .append(Long.toString(failures))
                .append("\" errors=\"0\" skipped=\"0\">\n");
        for (Map.Entry<String, List<Case>> suite : suites.entrySet()) {
            List<Case> cases = suite.getValue();
            long suiteFailures =
                    cases.stream().filter(c -> !c.errors().isEmpty()).count();
            out.append("  <testsuite name=\"")
                    .append(attr(suite.getKey()))
                    .append("\" tests=\"")
                    .append(Integer.toString(cases.size()))
                    .append("\" failures=\"")
                    .append(Long.toString(suiteFailures))
                    .append("\" errors=\"0\" skipped=\"0\">\n");
            for (Case c : cases) {
                writeCase(suite.getKey(), c, out);
            }
            out.append("  </testsuite>\n");
        }
        out.append("</testsuites>\n");
    }

    private static void writeCase(String file, Case c, Appendable out) throws IOException {
        out.append("    <testcase classname=\"")
                .append(attr(file))
                .append("\" name=\"")
                .append(attr(c.name()))
                .append('"');
        List<Finding> errors = c.errors();
        List<Finding> others = c.others();
        if (errors.isEmpty() && others.isEmpty()) {
            out.append("/>\n");
            return;
        }
        out.append(">\n");
        if (!errors.isEmpty()) {
            String message = errors.size() == 1
                    ? errors.get(0).message()
                    : errors.size() + " errors: "
                            + String.join(
                                    "; ", errors.stream().map(Finding::message).toList());
            Set<String> types = new LinkedHashSet<>();
            errors.forEach(f -> types.add(f.policyId()));
            out.append("      <failure message=\"")
                    .append(attr(message))
                    .append("\" type=\"")
                    .append(attr(String.join(", ", types)))
                    .append("\">");
            StringBuilder body = new StringBuilder();
            errors.forEach(f -> TextReport.block(f, body));
            out.append(text(body.toString())).append("</failure>\n");
        }
        if (!others.isEmpty()) {
            StringBuilder body = new StringBuilder();
            others.forEach(f -> TextReport.block(f, body));
            out.append("      <system-out>").append(text(body.toString())).append("</system-out>\n");
        }
        out.append("    </testcase>\n");
    }

    /** Escapes an attribute value; line breaks and tabs as character references so they survive. */
    static String attr(String s) {
        return escape(s, true);
    }

    /** Escapes element text. */
    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '\r' -> sb.append("&#13;");
                case '"' -> sb.append(attribute ? "&quot;" : "\"");
                case '\n' -> sb.append(attribute ? "&#10;" : "\n");
                case '\t' -> sb.append(attribute ? "&#9;" : "\t");
                default -> sb.appendCodePoint(legal(cp));
            }
        });
        return sb.toString();
    }

    /** XML 1.0 Char production; anything else (control characters, lone surrogates) becomes U+FFFD. */
    private static int legal(int cp) {
        boolean ok = cp == 0x9
                || cp == 0xA
                || cp == 0xD
                || cp >= 0x20 && cp <= 0xD7FF
                || cp >= 0xE000 && cp <= 0xFFFD
                || cp >= 0x10000 && cp <= 0x10FFFF;
        return ok ? cp : 0xFFFD;
    }
}
