package dev.releasepolicy.core.report;

import java.util.List;
import java.util.Optional;

/** The report formats {@code verify} knows, by name. */
public final class ReportFormats {

    private static final List<ReportWriter> ALL = List.of(
            new TextReport(),
            new JsonReport(),
            new SarifReport(),
            new JunitReport(),
            new GithubReport(),
            new MarkdownReport());

    private ReportFormats() {}

    /** The writer of a format, for findings relative to the working directory. */
    public static Optional<ReportWriter> byName(String name) {
        return ALL.stream().filter(w -> w.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The writer of a format, placing findings as {@code settings} say (SARIF: repository root, rules). */
    public static Optional<ReportWriter> byName(String name, ReportSettings settings) {
        return byName(name).map(w -> w instanceof SarifReport ? new SarifReport(settings) : w);
    }

    /** Names for help texts and error messages. */
    public static List<String> names() {
        return ALL.stream().map(ReportWriter::name).toList();
    }
}
