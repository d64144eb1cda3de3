package dev.releasepolicy.maven;

import dev.releasepolicy.core.report.ReportFormats;
import dev.releasepolicy.core.report.ReportSettings;
import dev.releasepolicy.core.report.ReportWriter;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Writes the verify report in each requested format into the output directory, with the file names
 * CI tools look for ({@code TEST-release-policy.xml} for JUnit, {@code release-policy.sarif} for code
 * scanning). A format this build of core does not know is skipped with a warning rather than failing
 * the build, so a POM can ask for formats that a newer version adds.
 */
final class ReportFiles {

    static final String BASE_NAME = "release-policy";

    private final Path directory;
    private final Consumer<String> warnings;
    private final ReportSettings settings;

    /**
     * @param warnings where to say that a format was skipped
     * @param settings the module's folder (findings are relative to it), the repository root and the rules
     */
    ReportFiles(Path directory, Consumer<String> warnings, ReportSettings settings) {
        this.directory = directory;
        this.warnings = warnings;
        this.settings = settings;
    }

    /** The file a format is written to. */
    static String fileName(String format) {
        return switch (format) {
            case "json" -> BASE_NAME + ".json";
            case "sarif" -> BASE_NAME + ".sarif";
            case "junit" -> "TEST-" + BASE_NAME + ".xml";
            case "markdown" -> BASE_NAME + ".md";
            case "html" -> BASE_NAME + ".html";
            case "text" -> BASE_NAME + ".txt";
            default -> BASE_NAME + "." + format + ".txt";
        };
    }

    /** Writes the report in every known format of {@code formats}; answers the files written. */
    List<Path> write(VerifyReport report, List<String> formats) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : formats) {
            for (String part : f.split(",")) {
                String name = part.trim().toLowerCase(Locale.ROOT);
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        List<Path> written = new ArrayList<>();
        for (String name : names) {
            Optional<ReportWriter> writer = ReportFormats.byName(name, settings);
            if (writer.isEmpty()) {
                warnings.accept(
                        MojoErrors.PREFIX + "report format '" + name + "' is not available in this version (known: "
                                + String.join(", ", ReportFormats.names()) + "); skipped");
                continue;
            }
            Path file = directory.resolve(fileName(name));
            try {
                Files.createDirectories(directory);
                try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    writer.get().write(report, w);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot write the " + name + " report to " + file + ": " + e.getMessage(), e);
            }
            written.add(file);
        }
        return written;
    }
}
