package dev.releasepolicy.core.policy;

import java.time.Duration;

/**
 * Bounds on one call of a policy's {@code check}. Policies are untrusted: a loop, a deep recursion
 * or an allocation bomb must end as a finding, not hang or crash the run.
 *
 * @param statements      JavaScript statements per call (GraalJS {@code ResourceLimits}); hitting it
 *                        ends the call and the context, which is then replaced
 * @param wallClock       wall time per call; a watchdog cancels the context after it
 * @param allocatedBytes  bytes the calling thread may allocate during one call (checked by the
 *                        watchdog; the community edition has no heap limit of its own)
 * @param watchdogPeriod  how often the watchdog looks
 */
public record EngineLimits(long statements, Duration wallClock, long allocatedBytes, Duration watchdogPeriod) {

    /** Generous for real policies (they run in microseconds), tight enough to stop a runaway one fast. */
    public static final EngineLimits DEFAULT =
            new EngineLimits(10_000_000L, Duration.ofSeconds(2), 512L * 1024 * 1024, Duration.ofMillis(20));
}
