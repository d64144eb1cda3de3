package dev.releasepolicy.maven;

import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * What every goal of the plugin shares: the {@code skip} switch, access to the project and session,
 * and the one translation of outcomes and exceptions into Maven failures ({@link MojoErrors}), so a
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
        if (result.exitCode() != 0) {
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
    protected void skipped() {
    }
}
