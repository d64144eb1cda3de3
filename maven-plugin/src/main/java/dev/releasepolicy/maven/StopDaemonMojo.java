package dev.releasepolicy.maven;

import java.io.File;
import java.nio.file.Path;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Stops every verify daemon in the daemon folder (those of this and of other plugin versions), e.g.
 * {@code mvn release-policy:stop-daemon}; needs no project. A request being served still gets its
 * answer. The next {@code verify} starts a daemon again (unless {@code release-policy.daemon=false}).
 */
@Mojo(name = "stop-daemon", requiresProject = false, threadSafe = true)
public final class StopDaemonMojo extends AbstractMojo {

    /** The verify daemon's folder, as for {@code verify}. */
    @Parameter(property = "release-policy.daemonDirectory")
    private File daemonDirectory;

    @Override
    public void execute() {
        Path directory = DaemonClient.directory(daemonDirectory);
        int stopped = DaemonClient.stopAll(directory);
        getLog().info(MojoErrors.PREFIX
                + (stopped == 0
                        ? "no verify daemon is running in " + directory
                        : "stopped " + stopped + " verify daemon" + (stopped == 1 ? "" : "s") + " in " + directory));
    }
}
