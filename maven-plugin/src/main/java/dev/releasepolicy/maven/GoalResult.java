package dev.releasepolicy.maven;

import dev.releasepolicy.core.options.ExitCode;

/**
 * What a goal reports back to {@link ReleasePolicyMojo}: the CLI's exit code for the same work and
 * the one-line summary that ends the goal's output (or becomes the failure message).
 *
 * @param exitCode {@link ExitCode#OK} passes; any other code fails the build, as README.md documents for the CLI
 * @param summary  one line, e.g. {@code 1 manifest, 2 errors, 0 warnings}
 */
record GoalResult(ExitCode exitCode, String summary) {

    static GoalResult ok(String summary) {
        return new GoalResult(ExitCode.OK, summary);
    }

    /** A manifest has error findings (verify, plan and the planning before apply). */
    static GoalResult findings(String summary) {
        return new GoalResult(ExitCode.FINDINGS, summary);
    }

    /** Apply refused before anything changed: an unconfirmed application, a missing or stale plan. */
    static GoalResult refused(String summary) {
        return new GoalResult(ExitCode.REFUSED, summary);
    }

    boolean passed() {
        return exitCode == ExitCode.OK;
    }
}
