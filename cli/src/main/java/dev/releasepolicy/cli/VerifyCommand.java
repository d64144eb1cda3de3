package dev.releasepolicy.cli;

import dev.releasepolicy.core.options.ExitCode;
import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.runner.VerifyRunner;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code release-policy verify}: schema and policy checks of release manifests. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Check release manifests against the schema and the policies.",
            "Every file is checked, even when others are malformed. Each finding says",
            "file:line:column, the JSON Pointer, what is wrong and how to fix it.",
            "",
            "Examples:",
            "  release-policy verify release/",
            "  release-policy verify --now 2026-12-01T15:00:00Z examples/canary-api.yaml",
            "  release-policy verify --format json --output target/findings.json release/",
            "",
            "Results of manifests that did not change (nor the policies, configuration, waivers, or the",
            "window verdict a policy read) come from the cache in .release-policy-cache/ (--no-cache)."
        })
final class VerifyCommand implements Callable<Integer>, VerifyOptions {

    @Spec
    CommandSpec spec;

    @Parameters(
            paramLabel = "PATH",
            arity = "1..*",
            description = "Manifest files, or folders searched recursively for *.yaml/*.yml holding 'kind: Release'.")
    List<Path> paths = new ArrayList<>();

    @Option(
            names = "--policies",
            paramLabel = "DIR",
            description = "A folder of team policies (*.js), added to the built-in ones. Repeatable.%n"
                    + "  e.g. --policies policies/team --policies ../shared-policies")
    List<Path> policyDirs = new ArrayList<>();

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Policy configuration (default: .release-policy.yaml in the current folder, if present).%n"
                    + "  e.g. --config ci/.release-policy.yaml")
    Path config;

    @Option(
            names = "--now",
            paramLabel = "INSTANT",
            description = "Fix the clock for release-window checks, so results are reproducible.%n"
                    + "  e.g. --now 2026-12-01T15:00:00Z (default: the current time)")
    String now;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "text",
            description = "Report format: text (default), json, sarif, junit, github or markdown.%n"
                    + "  e.g. --format sarif --output results.sarif")
    String format;

    @Option(
            names = "--output",
            paramLabel = "FILE",
            description = "Write the report to FILE instead of standard output (the summary line still prints).")
    Path output;

    @Option(
            names = "--sarif-root",
            paramLabel = "DIR",
            description = "The repository root SARIF file locations are relative to (default: the git top level"
                    + " around the current folder).%n  e.g. --sarif-root .. --format sarif")
    Path sarifRoot;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "The verify cache: results of unchanged manifests are reused (default:"
                    + " .release-policy-cache in the current folder).%n  e.g. --cache ~/.cache/release-policy")
    Path cache;

    @Option(names = "--no-cache", description = "Check every manifest again; neither read nor write the cache.")
    boolean noCache;

    @Option(names = "--fail-on-warn", description = "Exit 1 when there are warnings, not only errors.")
    boolean failOnWarn;

    @Option(names = "--profile", hidden = true, description = "Print the time spent in each policy to standard error.")
    boolean profile;

    @picocli.CommandLine.Mixin
    AuditLogOption audit;

    @Override
    public Integer call() {
        var out = "text".equals(format) && output == null
                ? Main.textOut(spec)
                : spec.commandLine().getOut();
        VerifyRunner.Outcome outcome = new VerifyRunner().run(this, out);
        out.flush();
        boolean audited = true;
        if (audit.auditLog != null) {
            audited = CommandAudit.verdicts(
                    audit.auditLog, outcome.report(), spec.commandLine().getErr());
        }
        if (!outcome.profile().isEmpty()) {
            var err = spec.commandLine().getErr();
            outcome.profile().forEach(err::println);
            err.flush();
        }
        return (audited ? outcome.exitCode() : ExitCode.USAGE).code();
    }

    @Override
    public boolean profile() {
        return profile;
    }

    @Override
    public List<Path> paths() {
        return paths;
    }

    @Override
    public List<Path> policyDirs() {
        return policyDirs;
    }

    @Override
    public Optional<Path> configFile() {
        return Optional.ofNullable(config);
    }

    @Override
    public Optional<Instant> now() {
        if (now == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(now));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--now: " + e.getMessage());
        }
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public Optional<Path> output() {
        return Optional.ofNullable(output);
    }

    @Override
    public Optional<Path> sarifRoot() {
        return Optional.ofNullable(sarifRoot);
    }

    /** The folder in which the user runs the tool, like {@code .release-policy.yaml}: what a CI cache keeps. */
    static final Path DEFAULT_CACHE = Path.of(".release-policy-cache");

    @Override
    public Optional<Path> cacheDirectory() {
        if (noCache && cache != null) {
            throw new UsageException("--cache and --no-cache contradict each other: give one of them");
        }
        return noCache ? Optional.empty() : Optional.of(cache != null ? cache : DEFAULT_CACHE);
    }

    @Override
    public boolean failOnWarn() {
        return failOnWarn;
    }
}
