package dev.releasepolicy.executor.audit;

/**
 * The operation names written to the audit trail, so every writer (executor, watcher, CLI) uses the
 * same words and a reader can filter on them.
 */
public final class AuditOperations {

    /** The verify verdict of the manifest before planning (result: passed / failed, reason: the summary). */
    public static final String VERIFY = "verify";
    /** The plan that was applied (fingerprint set). */
    public static final String PLAN = "plan";
    /** The release as a whole (result: started, succeeded, failed). */
    public static final String RELEASE = "release";
    /** One plan step (result: completed, failed, skipped). */
    public static final String STEP = "step";
    /** An approval of a manual pause (actor: the approver). */
    public static final String APPROVE = "approve";
    /** A metric analysis verdict (result: successful, failed, inconclusive). */
    public static final String ANALYSIS = "analysis";
    /** The release was paused for a person. */
    public static final String PAUSE = "pause";
    /** Traffic moved (result: restored, when the rollback sent it back to stable). */
    public static final String TRAFFIC = "traffic";
    /** The new version scaled down. */
    public static final String SCALE_DOWN = "scale-down";
    /** The recovery check after a rollback (result: verified, not verified). */
    public static final String RECOVERY = "recovery";
    /** A rollback with its cause (result: rolled back, failed). */
    public static final String ROLLBACK = "rollback";
    /** A notification that could not be delivered. */
    public static final String NOTIFICATION = "notification";

    private AuditOperations() {}
}
