package dev.releasepolicy.core.options;

import dev.releasepolicy.core.report.ReportFormats;
import dev.releasepolicy.core.report.ReportWriter;
import dev.releasepolicy.core.verify.Verifier;
import dev.releasepolicy.core.verify.VerifyContext;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * The one entry point behind {@code release-policy verify} and {@code mvn release-policy:verify}:
 * runs the checks, writes the report where the options say, and answers with the exit code.
 */
public final class VerifyRunner {

    /** The report and the exit code DESIGN.md defines for it. */
    public record Outcome(VerifyReport report, int exitCode) {
    }

    private final Clock clock;

    public VerifyRunner() {
        this(Clock.systemUTC());
    }

    public VerifyRunner(Clock clock) {
        this.clock = clock;
    }

    /**
     * Runs {@code verify}.
     *
     * @param options what to check and how to report
     * @param stdout  where the report goes when no output file is set
     * @throws UsageException for a missing path or unknown format
     */
    public Outcome run(VerifyOptions options, Appendable stdout) {
        ReportWriter writer = ReportFormats.byName(options.format()).orElseThrow(() -> new UsageException(
                "unknown format '" + options.format() + "': use one of " + String.join(", ", ReportFormats.names())));
        if (options.paths().isEmpty()) {
            throw new UsageException("no manifest given: pass files or folders, e.g. verify release/");
        }
        Instant now = options.now().orElseGet(clock::instant);
        VerifyReport report;
        try {
            report = verifier(options).verify(options.paths(), new VerifyContext(now));
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory");
        }
        write(report, writer, options, stdout);
        return new Outcome(report, report.exitCode(options.failOnWarn()));
    }

    private static Verifier verifier(VerifyOptions options) {
        return Verifier.schemaOnly();
    }

    private static void write(VerifyReport report, ReportWriter writer, VerifyOptions options, Appendable stdout) {
        try {
            if (options.output().isPresent()) {
                Path out = options.output().get();
                if (out.getParent() != null) {
                    Files.createDirectories(out.getParent());
                }
                try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    writer.write(report, w);
                }
                stdout.append(report.summary()).append(" (report written to ").append(out.toString()).append(")\n");
            } else {
                writer.write(report, stdout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
