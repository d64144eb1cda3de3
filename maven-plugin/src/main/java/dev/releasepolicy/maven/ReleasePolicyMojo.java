package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.UsageException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal of the plugin shares: the parameters that say which manifests, policies,
 * configuration and clock to use (the options {@code release-policy verify} and {@code plan} take on
 * the command line), the {@code skip} switch, and the one translation of outcomes and exceptions into
 * Maven failures ({@link MojoErrors}), so a
 * goal only reads its parameters, calls one core or executor entry point and returns a
 * {@link GoalResult}.
 */
public abstract class ReleasePolicyMojo extends AbstractMojo {

    /** The project being built (read-only; used for its base and build directories). */
    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    protected MavenProject project;

    /** The running build (read-only; used to collect the reactor summary). */
    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    protected MavenSession session;

    /** This execution of the goal (read-only; tells a command-line call from a lifecycle binding). */
    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    protected MojoExecution mojoExecution;

    /**
     * Skips the goal: nothing is read, checked or written, and the build goes on. Applies to every
     * goal of the plugin, e.g. {@code mvn package -Drelease-policy.skip}.
     */
    @Parameter(property = "release-policy.skip", defaultValue = "false")
    protected boolean skip;

    /**
     * Release manifests: files, or folders searched recursively for {@code *.yaml} and {@code *.yml}
     * documents with {@code kind: Release} (other YAML in a folder is ignored). Relative paths are
     * resolved against the module's base directory. When left at the default and the module has no
     * {@code release/} folder, the goal logs "no manifests, skipping" and passes, so the plugin can be
     * declared once in a parent POM. On the command line:
     * {@code -Drelease-policy.manifests=release/api.yaml,release/web.yaml}.
     */
    @Parameter(property = "release-policy.manifests", defaultValue = "${project.basedir}/release")
    protected List<File> manifests;

    /**
     * Folders of the team's own policies ({@code *.js}), added to the built-in ones; relative paths
     * are resolved against the module's base directory. In a multi-module build, point every module
     * at one folder with <code>${maven.multiModuleProjectDirectory}/policies</code>.
     */
    @Parameter(property = "release-policy.policies")
    protected List<File> policies = new ArrayList<>();

    /**
     * Policy configuration file (severity overrides, parameters, waivers). Default:
     * {@code .release-policy.yaml} in the module's base directory, when it exists.
     */
    @Parameter(property = "release-policy.config")
    protected File config;

    /**
     * Fixes the clock for release-window checks and plan timelines so the build is reproducible, as
     * an ISO-8601 instant such as {@code 2026-12-01T15:00:00Z} (an offset date-time or a plain date
     * also work). Default: the current time.
     */
    @Parameter(property = "release-policy.now")
    protected String now;

    /** Where reports and plans are written. */
    @Parameter(property = "release-policy.outputDirectory", defaultValue = "${project.build.directory}/release-policy")
    protected File outputDirectory;

    @Override
    public final void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info(MojoErrors.PREFIX + "skipped (release-policy.skip is set)");
            skipped();
            return;
        }
        GoalResult result;
        try {
            result = run();
        } catch (RuntimeException e) {
            throw MojoErrors.translate(e);
        }
        if (!result.passed()) {
            throw MojoErrors.findings(result.summary());
        }
        getLog().info(MojoErrors.PREFIX + result.summary());
    }

    /**
     * Does the goal's work.
     *
     * @return the CLI's exit code for the same work and the closing summary line
     * @throws RuntimeException a {@link dev.releasepolicy.core.options.UsageException} for wrong
     *                          parameters, anything else for tool failures
     */
    protected abstract GoalResult run();

    /** Called instead of {@link #run()} when the goal is skipped. */
    protected void skipped() {}

    /** The module's base directory, absolute. */
    protected final Path basedir() {
        return project.getBasedir().toPath().toAbsolutePath().normalize();
    }

    /** File names in messages and reports, relative to the base directory. */
    protected final RelativePaths relativePaths() {
        return new RelativePaths(basedir());
    }

    /** A configured file, resolved against the module's base directory. */
    protected final Path resolve(File f) {
        return basedir().resolve(f.toPath()).normalize();
    }

    /** True when {@code manifests} is left at its default and the module has no release/ folder. */
    protected final boolean defaultFolderMissing() {
        Path defaultFolder = basedir().resolve("release");
        return manifests != null
                && manifests.size() == 1
                && resolve(manifests.get(0)).equals(defaultFolder)
                && !Files.exists(defaultFolder);
    }

    /** The "no release/ folder" line, logged instead of failing. */
    protected final String noManifestsMessage() {
        return "no manifests (no release/ folder in " + project.getArtifactId() + "), skipping";
    }

    /** The manifests parameter as absolute paths. */
    protected final List<Path> manifestPaths() {
        return manifests == null
                ? List.of()
                : manifests.stream().map(this::resolve).toList();
    }

    /** The policies parameter as absolute paths. */
    protected final List<Path> policyPaths() {
        return policies == null
                ? List.of()
                : policies.stream().map(this::resolve).toList();
    }

    /** The config parameter, or the module's .release-policy.yaml when it exists. */
    protected final Optional<Path> configPath() {
        if (config != null) {
            return Optional.of(resolve(config));
        }
        Path conventional = basedir().resolve(".release-policy.yaml");
        return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }

    /** The now parameter, parsed. */
    protected final Optional<Instant> nowInstant() {
        if (now == null || now.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(now));
        } catch (IllegalArgumentException e) {
            throw new UsageException("now (release-policy.now): " + e.getMessage());
        }
    }
}
