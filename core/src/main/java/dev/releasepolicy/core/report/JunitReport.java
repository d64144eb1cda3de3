package dev.releasepolicy.core.report;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.verify.FileResult;
import dev.releasepolicy.core.verify.ManifestResult;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JUnit XML, for CI systems that display test results (Jenkins junit and xUnit, GitLab, Azure DevOps, ...),
 * within what all of them accept (Jenkins xUnit's {@code junit-10.xsd}, GitLab's ActiveSupport-based parser).
 *
 * <ul>
 *   <li>{@code <testsuites>} holds one {@code <testsuite>} per file (name = the file as given), sorted by file
 *       name.</li>
 *   <li>A test case is one rule (policy id) for one Release manifest: {@code classname="FILE.MANIFEST"
 *       name="RULE"}. Jenkins splits a class name at its last dot, so it shows file → manifest → rule; dots in
 *       the manifest's name are therefore written as {@code _}. The manifest is its name, or
 *       {@code document N} when it has none (or when two manifests of a file share a name); findings about
 *       the file as a whole (YAML syntax, refused input) belong to the manifest {@code (file)}. A manifest
 *       without findings is one passing case named {@code all rules}.</li>
 *   <li>A test case with unwaived errors has exactly <em>one</em> {@code <failure>} (several are outside the
 *       common schema and Jenkins keeps one). Its {@code message} is the error's message (or
 *       {@code "N errors: first; second; ..."}), its {@code type} the policy id prefixed with
 *       {@code release-policy.}: GitLab's XML reader refuses a whole report for a {@code type} such as
 *       {@code yaml} or {@code symbol} and casts content for {@code integer}, {@code array} and friends.
 *       The body lists every error as {@code file:line:col: error: message [policy]} with the hint and the
 *       JSON Pointer.</li>
 *   <li>Warnings and waived findings do not fail a test case; they are listed in the same form in its
 *       {@code <system-out>}.</li>
 * </ul>
 * Counts ({@code tests}, {@code failures}, {@code errors} = 0, and {@code skipped} = 0 on a suite only: the
 * schema has no {@code skipped} on {@code <testsuites>}) are per suite and totalled on {@code <testsuites>}.
 * No timestamps or durations: the output is deterministic. Text is escaped for XML 1.0; characters XML cannot
 * carry are replaced by U+FFFD.
 */
public final class JunitReport implements ReportWriter {

    /** Prefix of every failure {@code type}, so no consumer reads it as one of its own type names. */
    public static final String TYPE_PREFIX = "release-policy.";

    /** The manifest name under which findings about a whole file are listed. */
    static final String WHOLE_FILE = "(file)";

    /** The case of a manifest without findings. */
    static final String PASSING_CASE = "all rules";

    @Override
    public String name() {
        return "junit";
    }

    private record Case(String classname, String name, List<Finding> findings) {
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
            addCases(suites.computeIfAbsent(f.file(), k -> new ArrayList<>()), f.file(), WHOLE_FILE, f.findings());
        }
        Map<String, Long> namesPerFile = new HashMap<>();
        for (ManifestResult m : report.manifests()) {
            namesPerFile.merge(m.file() + '\n' + m.name(), 1L, Long::sum);
        }
        for (ManifestResult m : report.manifests()) {
            boolean unique =
                    m.name() != null && !m.name().isBlank() && namesPerFile.get(m.file() + '\n' + m.name()) == 1L;
            String manifest = unique ? m.name() : "document " + (m.document() + 1);
            addCases(suites.computeIfAbsent(m.file(), k -> new ArrayList<>()), m.file(), manifest, m.findings());
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
                .append("\" errors=\"0\">\n");
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
                writeCase(c, out);
            }
            out.append("  </testsuite>\n");
        }
        out.append("</testsuites>\n");
    }

    /** One case per rule with findings, in the order of their first finding; one passing case if none. */
    private static void addCases(List<Case> cases, String file, String manifest, List<Finding> findings) {
        String classname = file + "." + manifest.replace('.', '_');
        if (findings.isEmpty()) {
            cases.add(new Case(classname, PASSING_CASE, List.of()));
            return;
        }
        Map<String, List<Finding>> byRule = new LinkedHashMap<>();
        for (Finding f : findings) {
            byRule.computeIfAbsent(f.policyId(), k -> new ArrayList<>()).add(f);
        }
        byRule.forEach((rule, list) -> cases.add(new Case(classname, rule, list)));
    }

    private static void writeCase(Case c, Appendable out) throws IOException {
        out.append("    <testcase classname=\"")
                .append(attr(c.classname()))
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
            out.append("      <failure message=\"")
                    .append(attr(message))
                    .append("\" type=\"")
                    .append(attr(TYPE_PREFIX + c.name()))
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
