package dev.releasepolicy.core.window;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The least time a release takes from its start to the finished traffic switch, read from the
 * manifest's strategy steps, and whether a step waits for a person. This is the one duration that
 * "does the release fit its window" is judged with: verify's {@code release-window} policy and the
 * plan's timeline ({@code inWindowDuration}, the sum of the plan's step minimums before the previous
 * version is retained) agree on it, which a test checks on every example.
 *
 * <p>What counts: the health check's {@code initialDelay} (the plan waits at least that long for the
 * new pods before any traffic moves), every timed {@code pause: {duration: ...}} and every {@code analysis} step's
 * {@code duration} (an analysis without one is a single measurement and counts zero) in
 * {@code spec.strategy.canary.steps} or {@code spec.strategy.blueGreen.steps} — the list named by
 * {@code strategy.type}, or the one that exists when the type is missing or unknown — and the
 * {@code duration} of that strategy's {@code postPromotionAnalysis} (the plan runs it before the previous
 * version is retained). What does not
 * count: health-check timeouts (the minimum never waits on a timeout), blue-green
 * {@code keepPrevious} retention (it runs after traffic has switched) and manual pauses
 * ({@code pause: {}}), which count zero and set {@link #hasManualPause()}. Rolling releases have no
 * steps: their minimum is the initial delay alone.
 *
 * <p>Reading is lenient: a malformed step or duration string counts zero, because the schema stage
 * already reports it with its location.
 *
 * @param minimum        the sum of the timed steps
 * @param hasManualPause true when at least one step waits for a manual approval, so the real
 *                       duration has no upper bound
 */
public record ReleaseDuration(Duration minimum, boolean hasManualPause) {

    /** No steps at all. */
    public static final ReleaseDuration ZERO = new ReleaseDuration(Duration.ZERO, false);

    public ReleaseDuration {
        if (minimum == null || minimum.isNegative()) {
            throw new IllegalArgumentException("minimum must be a non-negative duration, not " + minimum);
        }
    }

    /**
     * The minimum duration of the release described by {@code spec} (the manifest's {@code spec}
     * object; null or missing gives zero).
     */
    public static Duration minimum(JsonNode spec) {
        return of(spec).minimum();
    }

    /** Minimum duration and manual-pause flag of the release described by {@code spec}. */
    public static ReleaseDuration of(JsonNode spec) {
        Duration total = initialDelay(spec);
        JsonNode section = section(spec);
        // The checks after promotion (canary) or after the switch (blue-green) come before blue is retained.
        JsonNode post = section == null ? null : section.get("postPromotionAnalysis");
        if (post != null && post.isObject()) {
            total = total.plus(analysisDuration(post));
        }
        JsonNode steps = section == null ? null : section.get("steps");
        if (steps == null || !steps.isArray()) {
            return new ReleaseDuration(total, false);
        }
        boolean manual = false;
        for (JsonNode step : steps) {
            if (!step.isObject()) {
                continue;
            }
            JsonNode pause = step.get("pause");
            if (pause != null) {
                JsonNode d = pause.isObject() ? pause.get("duration") : null;
                if (d == null || d.isNull()) {
                    manual = true;
                } else {
                    total = total.plus(duration(d));
                }
            }
            JsonNode analysis = step.get("analysis");
            if (analysis != null && analysis.isObject()) {
                total = total.plus(analysisDuration(analysis));
            }
        }
        return new ReleaseDuration(total, manual);
    }

    /** {@code spec.healthCheck.initialDelay}, zero without one. */
    private static Duration initialDelay(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            return Duration.ZERO;
        }
        JsonNode delay = spec.path("healthCheck").get("initialDelay");
        return delay == null ? Duration.ZERO : duration(delay);
    }

    /** The settings of the strategy used ({@code spec.strategy.canary}...), or null when there are none. */
    private static JsonNode section(JsonNode spec) {
        if (spec == null || !spec.isObject()) {
            return null;
        }
        JsonNode strategy = spec.get("strategy");
        if (strategy == null || !strategy.isObject()) {
            return null;
        }
        JsonNode type = strategy.get("type");
        String t = type != null && type.isString() ? type.asString() : "";
        String key = switch (t) {
            case "Canary" -> "canary";
            case "BlueGreen" -> "blueGreen";
            case "Rolling" -> "rolling";
            default -> strategy.has("canary") ? "canary" : "blueGreen";
        };
        JsonNode section = strategy.get(key);
        return section == null || !section.isObject() ? null : section;
    }

    private static Duration analysisDuration(JsonNode analysis) {
        JsonNode d = analysis.get("duration");
        return d == null ? Duration.ZERO : duration(d);
    }

    private static Duration duration(JsonNode node) {
        if (!node.isString() || !Durations.isValid(node.asString())) {
            return Duration.ZERO;
        }
        try {
            return Durations.parse(node.asString());
        } catch (IllegalArgumentException e) {
            return Duration.ZERO;
        }
    }
}
