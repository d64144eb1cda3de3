package dev.releasepolicy.maven;

import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Applies the reviewed plan of each release manifest to the cluster, after two guards that nothing can
 * skip: the build must say which application it means to change ({@code
 * -Drelease-policy.confirm=<application>}, or {@code true} for all of them), and the plan file that {@code
 * plan} wrote must still match the manifest, the policies and the tool version (its fingerprint is
 * recomputed and compared), so what runs is what was reviewed. A refusal fails the build and changes
 * nothing. Then the reviewed plan file goes to the executor ({@code ExecutorCommands}, as for {@code
 * release-policy apply}; the work is {@code ApplyWork}), whose progress is logged as it runs; a release
 * that fails and is rolled back, or that the executor refuses (another release in progress), fails the
 * build.
 */
@Mojo(name = "apply", threadSafe = true, requiresProject = true)
public final class ApplyMojo extends ClusterMojo {

    /**
     * Confirms the apply: the application to release ({@code spec.application} of the manifest, e.g.
     * {@code -Drelease-policy.confirm=orders-api}), or {@code true} to apply every plan of the module.
     * Without it, apply refuses to run. Meant for the command line, not for a POM.
     */
    @Parameter(property = "release-policy.confirm")
    String confirm;

    /**
     * Stay in the build through every timed wait (pauses, keeping the previous version), watching the
     * steps' automatic-rollback triggers and rolling back the moment one fires, instead of stopping at
     * waits longer than 2 minutes (then {@code release-policy resume} continues). The build then runs as
     * long as the release.
     */
    @Parameter(property = "release-policy.watch", defaultValue = "false")
    boolean watch;
}
