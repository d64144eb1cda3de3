package dev.releasepolicy.executor.analysis;

import java.time.Duration;

/** Waits; injected with a {@link java.time.Clock} so tests advance time instead of sleeping. */
@FunctionalInterface
public interface Sleeper {

    /** Sleeps with {@link Thread#sleep}. */
    Sleeper SYSTEM = d -> {
        if (!d.isNegative() && !d.isZero()) {
            Thread.sleep(d);
        }
    };

    void sleep(Duration duration) throws InterruptedException;
}
