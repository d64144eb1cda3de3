package dev.releasepolicy.executor.analysis;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One entry of {@code spec.rollback.automatic}: roll back when {@code metric} is above (or below) a
 * threshold for at least {@code duration} ({@code for}; zero: the first breaching measurement).
 * {@code index} is its position in the manifest, used to name it in reasons. The analysis's working
 * form of the plan's {@link dev.releasepolicy.core.plan.RollbackTrigger} ({@link #of}), with the
 * breach test the measurements need.
 */
public record RollbackTrigger(int index, String metric, OptionalDouble above, OptionalDouble below, Duration duration) {

    public RollbackTrigger {
        Objects.requireNonNull(metric, "metric");
        if (above.isEmpty() && below.isEmpty()) {
            throw new IllegalArgumentException(
                    "rollback.automatic[" + index + "] (" + metric + ") needs above or below");
        }
    }

    /** Reads one {@code rollback.automatic} entry ({@code metric, above|below, for}) at position {@code index}. */
    public static RollbackTrigger fromJson(int index, tools.jackson.databind.JsonNode t) {
        Duration d = t.hasNonNull("for") ? DurationText.parse(t.get("for").asString()) : Duration.ZERO;
        return new RollbackTrigger(
                index,
                t.path("metric").asString(""),
                MonitoringSpec.number(t, "above"),
                MonitoringSpec.number(t, "below"),
                d);
    }

    /** The plan's trigger at position {@code index} of {@code rollback.triggers}. */
    public static RollbackTrigger of(int index, dev.releasepolicy.core.plan.RollbackTrigger t) {
        OptionalDouble threshold = OptionalDouble.of(t.threshold().doubleValue());
        boolean above = ">".equals(t.comparison());
        return new RollbackTrigger(
                index,
                t.metric(),
                above ? threshold : OptionalDouble.empty(),
                above ? OptionalDouble.empty() : threshold,
                t.holdFor().orElse(Duration.ZERO));
    }

    /** How the value breaches this trigger ("above 0.01"), or empty when it does not. */
    public Optional<String> breach(double value) {
        if (above.isPresent() && value > above.getAsDouble()) {
            return Optional.of("above " + Numbers.show(above.getAsDouble()));
        }
        if (below.isPresent() && value < below.getAsDouble()) {
            return Optional.of("below " + Numbers.show(below.getAsDouble()));
        }
        return Optional.empty();
    }

    /** The trigger as the manifest names it, e.g. {@code rollback.automatic[0] (errorRate above 0.01 for 2m)}. */
    public String describe() {
        String cond = above.isPresent()
                ? "above " + Numbers.show(above.getAsDouble())
                : "below " + Numbers.show(below.getAsDouble());
        return "rollback.automatic[" + index + "] (" + metric + " " + cond
                + (duration.isZero() ? "" : " for " + DurationText.format(duration)) + ")";
    }
}
