package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.options.VerifyRunner;
import dev.releasepolicy.core.verify.VerifyReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks the project's release manifests against the release-manifest schema and the policies
 * (built-in and the team's own), logs every finding as
 * {@code [ERROR] release/api.yaml:12:5 policy-id message (hint)}, writes the reports to
 * {@code target/release-policy/}, and fails the build when a finding is an error (or a warning,
 * with {@code failOnWarning}). Bound to the {@code validate} phase by default.
 *
 * <p>The same checks as {@code release-policy verify} on the command line: both fill in
 * {@link VerifyOptions} and call {@link VerifyRunner}. A module without a {@code release/} folder
 * (and no {@code manifests} configured) is skipped with an info line, so the plugin can be declared
 * once in a parent POM of a multi-module build.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public final class VerifyMojo extends ReleasePolicyMojo implements VerifyOptions {

    /** Fails the build on warnings too, not only on errors. */
    @Parameter(property = "release-policy.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /**
     * Report formats written to {@code outputDirectory}: {@code json} (release-policy.json),
     * {@code sarif} (release-policy.sarif, for code scanning), {@code junit}
     * (TEST-release-policy.xml, for CI test views), {@code markdown} (release-policy.md, a summary
     * for pull requests), {@code text}, {@code github}. A format this version does not know is
     * skipped with a warning. An empty list writes no files; findings are always logged.
     */
    @Parameter(property = "release-policy.formats", defaultValue = "json,sarif,junit,markdown")
    private List<String> formats;

    @Override
    protected GoalResult run() {
        RelativePaths relative = relativePaths();
        String module = project.getArtifactId();
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + noManifestsMessage());
            record(new ReactorSummary.Entry(module, 0, 0, 0, "no manifests, skipped"));
            return GoalResult.ok("no manifests, nothing to check");
        }
        StringBuilder text = new StringBuilder();
        VerifyRunner.Outcome outcome = new VerifyRunner().run(this, text);
        if (getLog().isDebugEnabled()) {
            getLog().debug(text);
        }
        VerifyReport report = relative.apply(outcome.report());
        FindingLog.log(report, getLog());
        List<Path> written = new ReportFiles(outputDirectory.toPath(), getLog()).write(report, formats);
        if (!written.isEmpty()) {
            getLog().info(MojoErrors.PREFIX + "reports written to "
                    + relative.display(outputDirectory.toPath()) + "/ ("
                    + String.join(", ", written.stream().map(p -> p.getFileName().toString()).toList()) + ")");
        }
        record(new ReactorSummary.Entry(module, report.manifests().size(), report.errors(), report.warnings(), ""));
        String summary = report.summary();
        if (outcome.exitCode() != 0 && report.errors() == 0) {
            summary += " (failOnWarning is set)";
        }
        return new GoalResult(outcome.exitCode(), summary);
    }

    @Override
    protected void skipped() {
        record(new ReactorSummary.Entry(project.getArtifactId(), 0, 0, 0, "skipped"));
    }

    private void record(ReactorSummary.Entry entry) {
        ReactorSummary.record(session, project, mojoExecution, entry, getLog());
    }

    @Override
    public List<Path> paths() {
        return manifestPaths();
    }

    @Override
    public List<Path> policyDirs() {
        return policyPaths();
    }

    @Override
    public Optional<Path> configFile() {
        return configPath();
    }

    @Override
    public Optional<Instant> now() {
        return nowInstant();
    }

    /** The text report goes to a buffer (logged with -X); findings are logged one per line instead. */
    @Override
    public String format() {
        return "text";
    }

    @Override
    public Optional<Path> output() {
        return Optional.empty();
    }

    @Override
    public boolean failOnWarn() {
        return failOnWarning;
    }
}
