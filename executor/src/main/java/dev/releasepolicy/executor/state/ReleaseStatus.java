package dev.releasepolicy.executor.state;

/** Where a release stands, as recorded in its state ConfigMap ({@code status}). */
public enum ReleaseStatus {
    /** A process is running the steps (or was killed while doing so: see the lease). */
    Running,
    /** Stopped at a long timed wait; {@code resume} continues after {@code waitingUntil}. */
    Waiting,
    /** Stopped at a manual pause; {@code approve} releases it. */
    AwaitingApproval,
    /** Compensations are running (or a process was killed while running them). */
    RollingBack,
    /** All steps done. */
    Succeeded,
    /** A failure or {@code rollback} undid the completed steps. */
    RolledBack,
    /** The rollback could not finish by itself (an API error, or a step that needs a person). */
    RollbackFailed;

    /** Whether a release in this status still holds the application: no new apply may start. */
    public boolean isActive() {
        return this != Succeeded && this != RolledBack;
    }
}
