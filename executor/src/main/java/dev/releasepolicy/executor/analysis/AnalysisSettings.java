package dev.releasepolicy.executor.analysis;

import java.time.Duration;

/**
 * The tool's defaults for what a manifest leaves out, and its answers to questions the manifest
 * does not ask.
 *
 * <ul>
 * <li>{@code defaultInterval} (10s) and {@code defaultFailureLimit} (2) apply to metrics without
 * {@code interval}/{@code failureLimit}: a sustained breach fails the analysis on the 3rd measurement
 * in a row, 20 s after the first breaching one. With Prometheus scraping every 15 s and a 1m rate
 * window, an error rate jumping from 0 to 5% crosses 1% within about 30 s, so the release is rolled
 * back well within the 2 minutes of the release standard (worst case ≈ 15 s scrape + 60 s window +
 * 20 s analysis + one 5 s query timeout, with traffic restored milliseconds later). Measured on the
 * apply path against a real Prometheus (scraping every 15 s, 1m rate windows) with reference
 * release 3's own settings (interval 30s, failureLimit 0): 30 s from the errors beginning to the
 * VirtualService back as before the release (cli ApplyAutoRollbackPrometheusTest, opt-in).</li>
 * <li>{@code inconclusiveLimit} (1): one measurement without data is tolerated (a scrape gap); the
 * second in a row makes the analysis INCONCLUSIVE.</li>
 * <li>{@code onInconclusive} (PAUSE): an inconclusive analysis waits for a person; ROLLBACK treats
 * it like a failure. It is never a success.</li>
 * <li>{@code recoveryChecks} (2) and {@code recoveryTimeout} (5m): after a rollback the same metrics
 * must be healthy in 2 measurements in a row within 5 minutes for the recovery to count as verified.</li>
 * </ul>
 */
public record AnalysisSettings(
        Duration defaultInterval,
        int defaultFailureLimit,
        int inconclusiveLimit,
        OnInconclusive onInconclusive,
        int recoveryChecks,
        Duration recoveryTimeout) {

    /** What to do when an analysis is inconclusive. */
    public enum OnInconclusive {
        /** Stop where the release is and wait for a person (the default). */
        PAUSE,
        /** Roll back as if the analysis had failed. */
        ROLLBACK
    }

    /** The documented defaults. */
    public static final AnalysisSettings DEFAULTS =
            new AnalysisSettings(Duration.ofSeconds(10), 2, 1, OnInconclusive.PAUSE, 2, Duration.ofMinutes(5));

    public AnalysisSettings {
        if (defaultInterval.isNegative()
                || defaultInterval.isZero()
                || defaultFailureLimit < 0
                || inconclusiveLimit < 0
                || recoveryChecks < 1
                || recoveryTimeout.isNegative()) {
            throw new IllegalArgumentException("invalid analysis settings");
        }
    }

    public AnalysisSettings withInconclusive(OnInconclusive what) {
        return new AnalysisSettings(
                defaultInterval, defaultFailureLimit, inconclusiveLimit, what, recoveryChecks, recoveryTimeout);
    }

    public AnalysisSettings withRecovery(int checks, Duration timeout) {
        return new AnalysisSettings(
                defaultInterval, defaultFailureLimit, inconclusiveLimit, onInconclusive, checks, timeout);
    }
}
