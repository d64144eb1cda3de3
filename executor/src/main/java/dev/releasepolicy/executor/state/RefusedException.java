package dev.releasepolicy.executor.state;

/**
 * The executor refuses to act: another process holds the release, the plan is stale, there is no
 * release to resume, or the lock was lost. Nothing was changed; the message says why and what to do.
 */
public final class RefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why the executor refused. */
    public enum Reason {
        /** Another release of the application is in progress (the message names its holder). */
        LOCKED,
        /** The plan's fingerprint differs from the in-progress release's or from the manifest's. */
        STALE_PLAN,
        /** No release of the application is recorded, or none in a state the command applies to. */
        NOTHING_TO_DO,
        /** Another process took the release over while this one ran. */
        LOCK_LOST
    }

    private final Reason reason;

    public RefusedException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
