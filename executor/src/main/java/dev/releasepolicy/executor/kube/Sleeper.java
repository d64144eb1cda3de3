package dev.releasepolicy.executor.kube;

import java.time.Duration;

/** Waits: the real one sleeps; tests advance a fake clock instead. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps in the current thread. */
    Sleeper SYSTEM = duration -> {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    };

    /** Waits for a duration. */
    void sleep(Duration duration);
}
