package dev.releasepolicy.executor.notify;

import java.time.Duration;

/**
 * How hard to try a webhook: up to {@code maxAttempts} calls, each bounded by {@code timeout}, waiting
 * {@code initialBackoff} after the first failure and doubling after each further one. Only timeouts,
 * connection errors, HTTP 408, 429 and 5xx are retried; other 4xx answers will not change.
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration timeout) {

    /** 3 attempts, 1 s then 2 s apart, 5 s each: at most about 18 s per webhook. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    Duration backoffBefore(int attempt) {
        return initialBackoff.multipliedBy(1L << Math.min(attempt - 2, 20));
    }
}
