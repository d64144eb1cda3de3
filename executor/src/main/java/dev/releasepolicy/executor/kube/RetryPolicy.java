package dev.releasepolicy.executor.kube;

import java.time.Duration;

/**
 * How often and how patiently a failed request is retried: exponential backoff from
 * {@code initialDelay}, doubling up to {@code maxDelay}, at most {@code maxAttempts} attempts in all.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {

    /** Five attempts, 200 ms doubling to 5 s (about 3 s of waiting before giving up). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(5));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The delay before attempt {@code attempt + 1}, after {@code attempt} failures (1-based). */
    public Duration delayAfter(int attempt) {
        Duration d = initialDelay;
        for (int i = 1; i < attempt && d.compareTo(maxDelay) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
