package dev.releasepolicy.executor.kube;

import dev.releasepolicy.executor.wait.Sleeper;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs an API operation, retrying conflicts (409) and transient failures (429, 5xx, timeouts) with
 * exponential backoff up to the policy's limit; a permanent failure (or the last retry's) is thrown.
 * An operation that writes must re-read what it changes on every attempt, so a retried conflict
 * works on the current object.
 */
public final class Retrier {

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Consumer<String> log;

    public Retrier(RetryPolicy policy, Sleeper sleeper, Consumer<String> log) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.log = log;
    }

    /** Runs {@code operation}, retrying as the policy says. */
    public <T> T call(Supplier<T> operation) {
        for (int attempt = 1; ; attempt++) {
            try {
                return operation.get();
            } catch (ClusterException e) {
                if (!(e.isConflict() || e.isTransient()) || attempt >= policy.maxAttempts()) {
                    throw attempt > 1 ? e.afterAttempts(attempt) : e;
                }
                Duration delay = policy.delayAfter(attempt);
                log.accept("retrying in " + delay.toMillis() + " ms (attempt " + (attempt + 1) + " of "
                        + policy.maxAttempts() + "): " + e.getMessage());
                sleeper.sleepUninterruptibly(delay);
            }
        }
    }

    /** Runs {@code operation}, retrying as the policy says. */
    public void run(Runnable operation) {
        call(() -> {
            operation.run();
            return null;
        });
    }
}
