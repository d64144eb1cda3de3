package dev.releasepolicy.executor.analysis;

import dev.releasepolicy.core.spec.Check;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One entry of {@code spec.monitoring.metrics} as an analysis judges it: its check (a query, a web value,
 * a webhook; {@code job} checks are run by the analysis step itself), its healthy range ({@code max}/
 * {@code min} inclusive, {@code above}/{@code below} exclusive) and the knobs with Argo Rollouts' meaning:
 * {@code interval}, {@code count} (measurements at most), {@code failureLimit} (failed measurements in
 * total tolerated; 0: the first failure fails the analysis), {@code inconclusiveLimit} (measurements
 * without a value tolerated; empty: the settings' limit), {@code consecutiveErrorLimit} (provider errors
 * in a row tolerated; empty: errors count as inconclusive), {@code initialDelay} and {@code dryRun}
 * (measured, never decides).
 */
public record MetricDefinition(
        String name,
        Check check,
        OptionalDouble max,
        OptionalDouble min,
        OptionalDouble above,
        OptionalDouble below,
        Duration interval,
        OptionalInt count,
        int failureLimit,
        OptionalInt inconclusiveLimit,
        OptionalInt consecutiveErrorLimit,
        Duration initialDelay,
        boolean dryRun) {

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("metric " + name + ": interval must be positive");
        }
        if (failureLimit < 0 || inconclusiveLimit.orElse(0) < 0) {
            throw new IllegalArgumentException("metric " + name + ": failureLimit must not be negative");
        }
        if (count.isPresent() && count.getAsInt() < 1) {
            throw new IllegalArgumentException("metric " + name + ": count must be at least 1");
        }
        if (initialDelay.isNegative()) {
            throw new IllegalArgumentException("metric " + name + ": initialDelay must not be negative");
        }
    }

    /** A Prometheus metric with the tool's defaults for everything but its bounds, interval and failureLimit. */
    public MetricDefinition(
            String name, String query, OptionalDouble max, OptionalDouble min, Duration interval, int failureLimit) {
        this(
                name,
                new Check.Query(query),
                max,
                min,
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                interval,
                OptionalInt.empty(),
                failureLimit,
                OptionalInt.empty(),
                OptionalInt.empty(),
                Duration.ZERO,
                false);
    }

    /**
     * Reads a metric in the manifest's shape ({@code name, query, max, min, interval, failureLimit}),
     * which is also the shape of a plan's analysis step {@code parameters.metrics[]}; missing
     * {@code interval}/{@code failureLimit} take the settings' defaults.
     */
    public static MetricDefinition fromJson(tools.jackson.databind.JsonNode m, AnalysisSettings settings) {
        String name = m.path("name").asString("");
        Duration interval = m.hasNonNull("interval")
                ? DurationText.parse(m.get("interval").asString())
                : settings.defaultInterval();
        int failureLimit =
                m.hasNonNull("failureLimit") ? m.get("failureLimit").asInt() : settings.defaultFailureLimit();
        return new MetricDefinition(
                name,
                m.path("query").asString(""),
                MonitoringSpec.number(m, "max"),
                MonitoringSpec.number(m, "min"),
                interval,
                failureLimit);
    }

    /** The PromQL query of a {@code query} metric, else empty text. */
    public String query() {
        return check instanceof Check.Query(String q) ? q : "";
    }

    /** Why the value is unhealthy ("is above max 0.01", "answered HTTP 500"), or empty when it is healthy. */
    public Optional<String> violation(double value) {
        if (check instanceof Check.Webhook) {
            // A webhook's value is its HTTP status: 2xx passes.
            return value >= 200 && value < 300
                    ? Optional.empty()
                    : Optional.of("answered HTTP " + (int) value + ", not 2xx");
        }
        if (max.isPresent() && (value > max.getAsDouble() || Double.isNaN(value))) {
            return Optional.of("is above max " + Numbers.show(max.getAsDouble()));
        }
        if (min.isPresent() && (value < min.getAsDouble() || Double.isNaN(value))) {
            return Optional.of("is below min " + Numbers.show(min.getAsDouble()));
        }
        if (above.isPresent() && !(value > above.getAsDouble())) {
            return Optional.of("is not above " + Numbers.show(above.getAsDouble()));
        }
        if (below.isPresent() && !(value < below.getAsDouble())) {
            return Optional.of("is not below " + Numbers.show(below.getAsDouble()));
        }
        return Optional.empty();
    }
}
