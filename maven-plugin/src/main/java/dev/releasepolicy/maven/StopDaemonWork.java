package dev.releasepolicy.maven;

import java.nio.file.Path;

/** The work of {@link StopDaemonMojo}: stops every verify daemon in the daemon folder. */
final class StopDaemonWork {

    private StopDaemonWork() {}

    static void run(StopDaemonMojo mojo) {
        Path directory = DaemonClient.directory(mojo.daemonDirectory);
        int stopped = DaemonClient.stopAll(directory);
        mojo.getLog()
                .info(MojoErrors.PREFIX
                        + (stopped == 0
                                ? "no verify daemon is running in " + directory
                                : "stopped " + stopped + " verify daemon" + (stopped == 1 ? "" : "s") + " in "
                                        + directory));
    }
}
