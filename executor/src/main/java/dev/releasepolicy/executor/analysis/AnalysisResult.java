package dev.releasepolicy.executor.analysis;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The verdict of an analysis: SUCCESSFUL; FAILED with the metric, its breaching value and the
 * reason (threshold or trigger); or INCONCLUSIVE with why (no data, Prometheus unreachable).
 * {@code decidedAt} is when the verdict was reached; for FAILED, {@code breachSince} is the first
 * measurement of the breach that led to it. All texts are safe to show.
 */
public record AnalysisResult(
        Verdict verdict,
        String metric,
        OptionalDouble value,
        String reason,
        Instant decidedAt,
        Optional<Instant> breachSince,
        List<Measurement> measurements) {

    /** The three verdicts; only SUCCESSFUL lets a release go on. */
    public enum Verdict {
        SUCCESSFUL,
        FAILED,
        INCONCLUSIVE
    }

    public AnalysisResult {
        measurements = List.copyOf(measurements);
    }

    static AnalysisResult successful(Instant at, List<Measurement> ms) {
        return successful(at, ms, "all metrics healthy");
    }

    static AnalysisResult successful(Instant at, List<Measurement> ms, String reason) {
        return new AnalysisResult(Verdict.SUCCESSFUL, "", OptionalDouble.empty(), reason, at, Optional.empty(), ms);
    }

    static AnalysisResult failed(
            String metric, double value, String reason, Instant at, Instant since, List<Measurement> ms) {
        return new AnalysisResult(Verdict.FAILED, metric, OptionalDouble.of(value), reason, at, Optional.of(since), ms);
    }

    static AnalysisResult inconclusive(String metric, String reason, Instant at, List<Measurement> ms) {
        return new AnalysisResult(
                Verdict.INCONCLUSIVE, metric, OptionalDouble.empty(), reason, at, Optional.empty(), ms);
    }

    public boolean successful() {
        return verdict == Verdict.SUCCESSFUL;
    }

    public boolean failed() {
        return verdict == Verdict.FAILED;
    }

    public boolean inconclusive() {
        return verdict == Verdict.INCONCLUSIVE;
    }

    /** One line for people: "FAILED: errorRate = 0.05 is above max 0.01 (...)". */
    public String summary() {
        return verdict + ": " + reason;
    }
}
