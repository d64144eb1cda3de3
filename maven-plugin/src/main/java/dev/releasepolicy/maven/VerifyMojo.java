package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.options.VerifyRunner;
import dev.releasepolicy.core.verify.VerifyReport;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
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

    /**
     * Release manifests to check: files, or folders searched recursively for {@code *.yaml} and
     * {@code *.yml} documents with {@code kind: Release} (other YAML in a folder is ignored).
     * Relative paths are resolved against the module's base directory. When left at the default and
     * the module has no {@code release/} folder, the goal logs "no manifests, skipping" and passes.
     * On the command line: {@code -Drelease-policy.manifests=release/api.yaml,release/web.yaml}.
     */
    @Parameter(property = "release-policy.manifests", defaultValue = "${project.basedir}/release")
    private List<File> manifests;

    /**
     * Folders of the team's own policies ({@code *.js}), added to the built-in ones; relative paths
     * are resolved against the module's base directory. In a multi-module build, point every module
     * at one folder with {@code ${maven.multiModuleProjectDirectory}/policies}.
     */
    @Parameter(property = "release-policy.policies")
    private List<File> policies = new ArrayList<>();

    /**
     * Policy configuration file (severity overrides, parameters, waivers). Default:
     * {@code .release-policy.yaml} in the module's base directory, when it exists.
     */
    @Parameter(property = "release-policy.config")
    private File config;

    /**
     * Fixes the clock for release-window checks so the build is reproducible, as an ISO-8601
     * instant such as {@code 2026-12-01T15:00:00Z} (an offset date-time or a plain date also work).
     * Default: the current time.
     */
    @Parameter(property = "release-policy.now")
    private String now;

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

    /** Where the reports are written. */
    @Parameter(property = "release-policy.outputDirectory",
            defaultValue = "${project.build.directory}/release-policy")
    private File outputDirectory;

    @Override
    protected GoalResult run() {
        RelativePaths relative = new RelativePaths(basedir());
        String module = project.getArtifactId();
        if (defaultFolderMissing()) {
            getLog().info(MojoErrors.PREFIX + "no manifests (no release/ folder in " + module + "), skipping");
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

    /** True when {@code manifests} is left at its default and the module has no release/ folder. */
    private boolean defaultFolderMissing() {
        Path defaultFolder = basedir().resolve("release");
        return manifests != null && manifests.size() == 1
                && resolve(manifests.get(0)).equals(defaultFolder) && !Files.exists(defaultFolder);
    }

    private Path basedir() {
        return project.getBasedir().toPath().toAbsolutePath().normalize();
    }

    private Path resolve(File f) {
        return basedir().resolve(f.toPath()).normalize();
    }

    @Override
    public List<Path> paths() {
        return manifests == null ? List.of() : manifests.stream().map(this::resolve).toList();
    }

    @Override
    public List<Path> policyDirs() {
        return policies == null ? List.of() : policies.stream().map(this::resolve).toList();
    }

    @Override
    public Optional<Path> configFile() {
        if (config != null) {
            return Optional.of(resolve(config));
        }
        Path conventional = basedir().resolve(".release-policy.yaml");
        return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }

    @Override
    public Optional<Instant> now() {
        if (now == null || now.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(now));
        } catch (IllegalArgumentException e) {
            throw new UsageException("now (release-policy.now): " + e.getMessage());
        }
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
