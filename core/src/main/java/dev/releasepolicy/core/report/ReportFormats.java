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

    public static Optional<ReportWriter> byName(String name) {
        return ALL.stream().filter(w -> w.name().equalsIgnoreCase(name)).findFirst();
    }

    /** Names for help texts and error messages. */
    public static List<String> names() {
        return ALL.stream().map(ReportWriter::name).toList();
    }
}
