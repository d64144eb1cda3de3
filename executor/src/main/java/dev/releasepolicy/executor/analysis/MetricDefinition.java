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
public record MetricDefinition(String name, String query, OptionalDouble max, OptionalDouble min, Duration interval,
        int failureLimit) {

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
