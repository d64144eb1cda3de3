package dev.releasepolicy.core.options;

/**
 * The exit codes of every release-policy command, on the command line and behind the Maven goals: the one
 * place they are defined, so {@code --help}, the README and the code cannot disagree. Two names share 1
 * because a failed check and a rolled-back release both mean "did not go through", for different commands.
 */
public enum ExitCode {

    /** Success: no error findings, or the command did what was asked (a planned wait or approval included). */
    OK(0, "success: no error findings, or the command did what was asked"),
    /** verify, plan, test, policies, audit verify: a check failed (error findings, a failing case, a broken trail). */
    FINDINGS(
            1,
            "a check failed: error findings (or warnings with --fail-on-warn), a failing policy test case,"
                    + " a broken audit trail"),
    /** apply, resume, approve, rollback, status: the release failed and was rolled back, or the rollback failed. */
    ROLLED_BACK(1, "the release failed and was rolled back (or the rollback failed)"),
    /** A usage or tool error: unknown option, missing file, unreadable plan, unreachable cluster. */
    USAGE(2, "usage or tool error: unknown option, missing file, unreadable plan, unreachable cluster"),
    /** apply, resume, approve, rollback: refused, nothing changed (release in progress, stale plan, nothing to do). */
    REFUSED(3, "refused, nothing changed: another release in progress, a stale plan, nothing to do");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** What the code means, in words for {@code --help} and the README. */
    public String meaning() {
        return meaning;
    }
}
