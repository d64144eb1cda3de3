package dev.releasepolicy.executor.wait;

import java.time.Duration;

/**
 * Waits. The real one sleeps; tests pass a fake clock that moves when slept on (so a 30-minute
 * pause takes no time). One interface for every wait of the executor: cluster retries and polls,
 * webhook retries, metric analysis.
 */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps in the current thread with {@link Thread#sleep}. */
    Sleeper SYSTEM = duration -> {
        if (!duration.isNegative() && !duration.isZero()) {
            Thread.sleep(duration);
        }
    };

    /** Waits for a duration; an interrupt ends the wait with {@link InterruptedException}. */
    void sleep(Duration duration) throws InterruptedException;

    /**
     * Waits where the caller has no way to stop early: an interrupt keeps the thread's interrupt
     * flag set and ends the wait with an {@link IllegalStateException}.
     */
    default void sleepUninterruptibly(Duration duration) {
        try {
            sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
