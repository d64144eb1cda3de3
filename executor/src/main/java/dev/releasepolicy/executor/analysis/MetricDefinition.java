package dev.releasepolicy.executor.analysis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One entry of {@code spec.monitoring.metrics}: its query, healthy range ({@code max}/{@code min}),
 * how often it is measured ({@code interval}) and how many failed measurements in a row are tolerated
 * ({@code failureLimit}; 0: the first failure fails the analysis).
 */
public record MetricDefinition(
        String name, String query, OptionalDouble max, OptionalDouble min, Duration interval, int failureLimit) {

    public MetricDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(query, "query");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("metric " + name + ": interval must be positive");
        }
        if (failureLimit < 0) {
            throw new IllegalArgumentException("metric " + name + ": failureLimit must not be negative");
        }
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

    /** Why the value is unhealthy ("is above max 0.01"), or empty when it is within range. */
    public Optional<String> violation(double value) {
        if (max.isPresent() && (value > max.getAsDouble() || Double.isNaN(value))) {
            return Optional.of("is above max " + Numbers.show(max.getAsDouble()));
        }
        if (min.isPresent() && (value < min.getAsDouble() || Double.isNaN(value))) {
            return Optional.of("is below min " + Numbers.show(min.getAsDouble()));
        }
        return Optional.empty();
    }
}
