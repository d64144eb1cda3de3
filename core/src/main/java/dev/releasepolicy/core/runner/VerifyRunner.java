package dev.releasepolicy.core.runner;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.policy.PolicyCheck;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.core.policy.WindowContext;
import dev.releasepolicy.core.report.ReportFormats;
import dev.releasepolicy.core.report.ReportSettings;
import dev.releasepolicy.core.report.ReportWriter;
import dev.releasepolicy.core.schema.SchemaValidator;
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
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The one entry point behind {@code release-policy verify} and {@code mvn release-policy:verify}:
 * runs the checks, writes the report where the options say, and answers with the exit code.
 */
public final class VerifyRunner {

    /**
     * The report, its exit code (the README's "Exit codes"), (with {@link VerifyOptions#profile()}) the time
     * spent per policy, and the rules checked (policy meta), for report files written later (Maven).
     */
    public record Outcome(
            VerifyReport report, ExitCode exitCode, List<String> profile, List<ReportSettings.Rule> rules) {
        public Outcome {
            profile = List.copyOf(profile);
            rules = List.copyOf(rules);
        }
    }

    private final Clock clock;
    private final WindowContext window;

    public VerifyRunner() {
        this(Clock.systemUTC());
    }

    public VerifyRunner(Clock clock) {
        this(clock, WindowContext.EVALUATED);
    }

    /**
     * @param clock  the clock when the options do not fix {@code now}
     * @param window evaluates release windows for the {@code release-window} policy
     */
    public VerifyRunner(Clock clock, WindowContext window) {
        this.clock = clock;
        this.window = window;
    }

    /**
     * Runs {@code verify}.
     *
     * @param options what to check and how to report
     * @param stdout  where the report goes when no output file is set
     * @throws UsageException for a missing path or unknown format
     */
    public Outcome run(VerifyOptions options, Appendable stdout) {
        ReportFormats.byName(options.format())
                .orElseThrow(() -> new UsageException("unknown format '" + options.format() + "': use one of "
                        + String.join(", ", ReportFormats.names())));
        if (options.paths().isEmpty()) {
            throw new UsageException("no manifest given: pass files or folders, e.g. verify release/");
        }
        // Instants are shown to the second: a clock's nanoseconds are noise in findings and reports.
        Instant now = options.now().orElseGet(clock::instant).truncatedTo(ChronoUnit.SECONDS);
        VerifyReport report;
        List<String> profile;
        ReportSettings settings;
        try (PolicyCheck policies = policyStage(options)) {
            settings = reportSettings(options, policies);
            SchemaValidator schema = SchemaValidator.releaseManifest();
            Verifier verifier = new Verifier(
                    new ManifestLoader(),
                    List.of((m, earlier, ctx) -> schema.validate(m), policies),
                    policies.config().metricTemplates());
            report = verifier.verify(options.paths(), new VerifyContext(now));
            profile = options.profile() ? policies.profile().lines() : List.of();
        } catch (NoSuchFileException e) {
            throw new UsageException(e.getFile() + ": no such file or directory");
        }
        ReportWriter writer = ReportFormats.byName(options.format(), settings).orElseThrow();
        write(report, writer, options, stdout);
        return new Outcome(report, exitCode(report, options.failOnWarn()), profile, settings.rules());
    }

    /** {@link ExitCode#FINDINGS} when an unwaived error exists, or a warning and {@code failOnWarn}; else OK. */
    public static ExitCode exitCode(VerifyReport report, boolean failOnWarn) {
        return report.errors() > 0 || (failOnWarn && report.warnings() > 0) ? ExitCode.FINDINGS : ExitCode.OK;
    }

    /** Findings relative to the working directory, SARIF relative to the repository root, rules from the policies. */
    private static ReportSettings reportSettings(VerifyOptions options, PolicyCheck policies) {
        List<ReportSettings.Rule> rules = policies.engine().policies().stream()
                .map(p -> new ReportSettings.Rule(p.id(), p.severity(), p.description(), p.file()))
                .toList();
        return ReportSettings.of(Path.of("").toAbsolutePath(), options.sarifRoot(), rules);
    }

    /**
     * The policy stage: built-in policies, {@code --policies} folders and the configuration
     * ({@code --config}, else {@code .release-policy.yaml} in the current folder if present and the
     * options allow it).
     */
    private PolicyCheck policyStage(VerifyOptions options) {
        PolicyConfig config = PolicyConfig.loadDefault(options.configFile(), options.configFromWorkingDirectory());
        try {
            return PolicyCheck.create(options.policyDirs(), config, window, options.profile());
        } catch (UncheckedIOException e) {
            throw new UsageException(e.getMessage(), e);
        }
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
                stdout.append(report.summary())
                        .append(" (report written to ")
                        .append(out.toString())
                        .append(")\n");
            } else {
                writer.write(report, stdout);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }
}
