package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.UsageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/**
 * The work of a goal, in Java 21: what every goal shares — reading the parameters of its
 * {@link ReleasePolicyMojo} (the Java 8 class Maven loads), the {@code skip} switch, and the one
 * translation of outcomes and exceptions into Maven failures ({@link MojoErrors}) — so a goal only
 * reads its parameters, calls one core or executor entry point and returns a {@link GoalResult}.
 * {@link ReleasePolicyMojo#work} reaches {@link #execute(AbstractMojo)} by name once the JDK is new
 * enough.
 */
abstract class GoalWork {

    /** The goal's parameters, as Maven injected them. */
    final ReleasePolicyMojo mojo;

    GoalWork(ReleasePolicyMojo mojo) {
        this.mojo = mojo;
    }

    /**
     * Runs the work of the goal that {@code mojo} is.
     *
     * @throws MojoFailureException for findings and refusals
     * @throws MojoExecutionException for usage and tool errors
     */
    public static void execute(AbstractMojo mojo) throws MojoExecutionException, MojoFailureException {
        switch (mojo) {
            case VerifyMojo m -> new VerifyWork(m).executeGoal();
            case PlanMojo m -> new PlanWork(m).executeGoal();
            case DryRunMojo m -> new DryRunWork(m).executeGoal();
            case ApplyMojo m -> new ApplyWork(m).executeGoal();
            case StopDaemonMojo m -> StopDaemonWork.run(m);
            default ->
                throw new IllegalStateException(
                        "no work class for goal class " + mojo.getClass().getName());
        }
    }

    /** The goal's log. */
    final Log getLog() {
        return mojo.getLog();
    }

    final void executeGoal() throws MojoExecutionException, MojoFailureException {
        if (mojo.skip) {
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
        return mojo.project.getBasedir().toPath().toAbsolutePath().normalize();
    }

    /** File names in messages and reports, relative to the base directory. */
    protected final RelativePaths relativePaths() {
        return new RelativePaths(basedir());
    }

    /** A configured file, resolved against the module's base directory. */
    protected final Path resolve(java.io.File f) {
        return basedir().resolve(f.toPath()).normalize();
    }

    /** True when {@code manifests} is left at its default and the module has no release/ folder. */
    protected final boolean defaultFolderMissing() {
        Path defaultFolder = basedir().resolve("release");
        return mojo.manifests != null
                && mojo.manifests.size() == 1
                && resolve(mojo.manifests.get(0)).equals(defaultFolder)
                && !Files.exists(defaultFolder);
    }

    /** The "no release/ folder" line, logged instead of failing. */
    protected final String noManifestsMessage() {
        return "no manifests (no release/ folder in " + mojo.project.getArtifactId() + "), skipping";
    }

    /** The manifests parameter as absolute paths. */
    protected final List<Path> manifestPaths() {
        return mojo.manifests == null
                ? List.of()
                : mojo.manifests.stream().map(this::resolve).toList();
    }

    /** The policies parameter as absolute paths. */
    protected final List<Path> policyPaths() {
        return mojo.policies == null
                ? List.of()
                : mojo.policies.stream().map(this::resolve).toList();
    }

    /** The config parameter, or the module's .release-policy.yaml when it exists. */
    protected final Optional<Path> configPath() {
        if (mojo.config != null) {
            return Optional.of(resolve(mojo.config));
        }
        Path conventional = basedir().resolve(".release-policy.yaml");
        return Files.isRegularFile(conventional) ? Optional.of(conventional) : Optional.empty();
    }

    /** The now parameter, parsed. */
    protected final Optional<Instant> nowInstant() {
        if (mojo.now == null || mojo.now.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instants.parse(mojo.now));
        } catch (IllegalArgumentException e) {
            throw new UsageException("now (release-policy.now): " + e.getMessage());
        }
    }
}
