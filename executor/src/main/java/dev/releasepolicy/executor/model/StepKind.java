package dev.releasepolicy.executor.model;

/**
 * How the executor runs a step, derived from the plan's action. Actions the executor does not act on
 * itself (notifications, the audit record, policy and window checks done at planning) are
 * {@link #OBSERVE}: they are passed to the {@code StepObserver} and otherwise only reported.
 */
public enum StepKind {
    /** Send the step's objects; nothing to wait for. */
    CHANGE,
    /** Send the step's objects, then wait until a Deployment is ready (bounded by the step's timeout). */
    WAIT_READY,
    /** Run a migration Job and wait for its completion or failure. */
    MIGRATION,
    /** A timed wait. */
    PAUSE,
    /** Wait for {@code release-policy approve}. */
    APPROVAL,
    /** Metric analysis through the configured analyzer. */
    ANALYSIS,
    /** Keep the previous version for a while (a timed wait). */
    RETAIN,
    /** Reported and handed to the observer; no cluster change. */
    OBSERVE;

    /** The kind of a plan action label such as {@code set-weight}. */
    public static StepKind ofAction(String action) {
        return switch (action) {
            case "wait-ready" -> WAIT_READY;
            case "migrate-data" -> MIGRATION;
            case "pause" -> PAUSE;
            case "approval" -> APPROVAL;
            case "analysis" -> ANALYSIS;
            case "retain-previous" -> RETAIN;
            case "notify", "record", "precheck-policy", "precheck-window" -> OBSERVE;
            default -> CHANGE;
        };
    }
}
