package dev.releasepolicy.maven;

/**
 * What a goal reports back to {@link ReleasePolicyMojo}: the CLI's exit code for the same work and
 * the one-line summary that ends the goal's output (or becomes the failure message).
 *
 * @param exitCode 0 success, 1 findings or refusal (the build fails), as README.md documents for the CLI
 * @param summary  one line, e.g. {@code 1 manifest, 2 errors, 0 warnings}
 */
record GoalResult(int exitCode, String summary) {

    static GoalResult ok(String summary) {
        return new GoalResult(0, summary);
    }

    static GoalResult failed(String summary) {
        return new GoalResult(1, summary);
    }
}
