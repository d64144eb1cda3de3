package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.UsageException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;

/**
 * The one place where the plugin's goals turn outcomes into Maven's two failure kinds, so every goal
 * fails the same way: findings (and refusals such as an unconfirmed apply) become a
 * {@link MojoFailureException} — "the project is wrong" — and usage or tool errors become a
 * {@link MojoExecutionException} — "the build is misconfigured or the tool broke". Messages are one
 * line; the cause is attached so {@code mvn -e} shows the stack trace and plain {@code mvn} does not.
 */
final class MojoErrors {

    static final String PREFIX = "release-policy: ";

    private MojoErrors() {}

    /** The build fails because of what the manifests say (exit code 1 of the CLI). */
    static MojoFailureException findings(String summary) {
        return new MojoFailureException(PREFIX + summary);
    }

    /** Translates an exception thrown by core or the executor (exit code 2 of the CLI). */
    static MojoExecutionException translate(RuntimeException e) {
        if (e instanceof UsageException) {
            return new MojoExecutionException(PREFIX + e.getMessage(), e);
        }
        String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new MojoExecutionException(
                PREFIX + "internal error: " + what
                        + " (run again with -e for the stack trace, and report it with that output)",
                e);
    }
}
