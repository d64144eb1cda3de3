package dev.releasepolicy.maven;

import java.io.File;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops every verify daemon in the daemon folder (those of this and of other plugin versions), e.g.
 * {@code mvn release-policy:stop-daemon}; needs no project. A request being served still gets its
 * answer. The next {@code verify} starts a daemon again (unless {@code release-policy.daemon=false}).
 * The work is {@code StopDaemonWork}; this Java 8 class only carries the parameters (see
 * {@link ReleasePolicyMojo}).
 */
@Mojo(name = "stop-daemon", requiresProject = false, threadSafe = true)
public final class StopDaemonMojo extends AbstractMojo {

    /** The verify daemon's folder, as for {@code verify}. */
    @Parameter(property = "release-policy.daemonDirectory")
    File daemonDirectory;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        ReleasePolicyMojo.work(
                this,
                ReleasePolicyMojo.javaTooOld(
                        System.getProperty("java.specification.version"), System.getProperty("java.home")));
    }
}
