package dev.releasepolicy.maven;

import dev.releasepolicy.core.finding.Finding;
import dev.releasepolicy.core.options.Instants;
import dev.releasepolicy.core.options.UsageException;
import dev.releasepolicy.core.options.VerifyOptions;
import dev.releasepolicy.core.options.VerifyRunner;
import java.io.File;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * {@code mvn release-policy:verify}: checks the project's release manifests against the schema and
 * the policies, and fails the build on error findings. Bound to {@code validate} by default.
 */
@Mojo(name = "verify", defaultPhase = LifecyclePhase.VALIDATE, threadSafe = true, requiresProject = true)
public final class VerifyMojo extends AbstractMojo implements VerifyOptions {

    /** Manifest files or folders (searched recursively for *.yaml/*.yml holding kind: Release). */
    @Parameter(property = "release-policy.manifests", defaultValue = "${project.basedir}/release")
    private List<File> manifests;

    /** Folders of team policies added to the built-in ones. */
    @Parameter(property = "release-policy.policies")
    private List<File> policies = new ArrayList<>();

    /** Policy configuration file (.release-policy.yaml). */
    @Parameter(property = "release-policy.config")
    private File config;

    /** Fixes the clock for release-window checks, e.g. 2026-12-01T15:00:00Z. */
    @Parameter(property = "release-policy.now")
    private String now;

    /** Fail the build on warnings too. */
    @Parameter(property = "release-policy.failOnWarning", defaultValue = "false")
    private boolean failOnWarning;

    /** Skip the check. */
    @Parameter(property = "release-policy.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("release-policy: skipped");
            return;
        }
        VerifyRunner.Outcome outcome;
        StringBuilder ignored = new StringBuilder();
        try {
            outcome = new VerifyRunner().run(this, ignored);
        } catch (UsageException e) {
            throw new MojoExecutionException("release-policy: " + e.getMessage(), e);
        }
        for (Finding f : outcome.report().findings()) {
            String line = f.location() + " " + f.policyId() + " " + f.message()
                    + (f.hint().isEmpty() ? "" : " (" + f.hint() + ")");
            if (f.isBlockingError()) {
                getLog().error(line);
            } else {
                getLog().warn(line);
            }
        }
        String summary = "release-policy: " + outcome.report().summary();
        if (outcome.exitCode() != 0) {
            throw new MojoFailureException(summary);
        }
        getLog().info(summary);
    }

    @Override
    public List<Path> paths() {
        return manifests.stream().map(File::toPath).toList();
    }

    @Override
    public List<Path> policyDirs() {
        return policies.stream().map(File::toPath).toList();
    }

    @Override
    public Optional<Path> configFile() {
        return Optional.ofNullable(config).map(File::toPath);
    }

    @Override
    public Optional<Instant> now() {
        return Optional.ofNullable(now).filter(s -> !s.isBlank()).map(Instants::parse);
    }

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
