package dev.releasepolicy.core.policy;

import java.time.Duration;

/**
 * Bounds on policies. Policies are untrusted: a loop, a deep recursion, an allocation bomb or a flood
 * of output must end as a finding naming the policy, not hang, crash or drown the run. The same
 * time, statement and allocation limits apply to a module's top-level code when it loads and to each
 * call of its {@code check}. The limits are documented in policies/README.md.
 *
 * @param statements      JavaScript statements per call (GraalJS {@code ResourceLimits}); hitting it
 *                        ends the call and the context, which is then replaced
 * @param wallClock       wall time per call; a watchdog cancels the context after it
 * @param allocatedBytes  bytes the calling thread may allocate during one call (checked by the
 *                        watchdog; the community edition has no heap limit of its own)
 * @param watchdogPeriod  how often the watchdog looks
 * @param findings        findings one policy may report for one manifest; the rest are cut, with a finding
 * @param textChars       characters of a finding's message, hint or path; longer ones are cut, with a finding
 * @param paramsChars     characters of a policy's {@code meta.params} as JSON; a larger one does not load
 */
public record EngineLimits(
        long statements,
        Duration wallClock,
        long allocatedBytes,
        Duration watchdogPeriod,
        int findings,
        int textChars,
        int paramsChars) {

    private static final int DEFAULT_FINDINGS = 100;
    private static final int DEFAULT_TEXT_CHARS = 4000;
    private static final int DEFAULT_PARAMS_CHARS = 65_536;

    /** Generous for real policies (they run in microseconds), tight enough to stop a runaway one fast. */
    public static final EngineLimits DEFAULT = new EngineLimits(
            10_000_000L,
            Duration.ofSeconds(2),
            512L * 1024 * 1024,
            Duration.ofMillis(20),
            DEFAULT_FINDINGS,
            DEFAULT_TEXT_CHARS,
            DEFAULT_PARAMS_CHARS);

    /** The given execution limits with the default output limits. */
    public EngineLimits(long statements, Duration wallClock, long allocatedBytes, Duration watchdogPeriod) {
        this(
                statements,
                wallClock,
                allocatedBytes,
                watchdogPeriod,
                DEFAULT_FINDINGS,
                DEFAULT_TEXT_CHARS,
                DEFAULT_PARAMS_CHARS);
    }
}
