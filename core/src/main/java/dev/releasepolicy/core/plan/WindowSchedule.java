package dev.releasepolicy.core.plan;

import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The release-window arithmetic the planner needs for its timeline. The planner depends on this
 * interface only, so the window evaluator ({@code core.window}) plugs in without the planner
 * knowing how windows are read.
 */
public interface WindowSchedule {

    /**
     * The first instant at or after {@code now} at which a release may start.
     *
     * @param window {@code spec.window} of the manifest
     * @return empty when the window never opens within the evaluator's horizon
     */
    Optional<Instant> earliestStart(JsonNode window, Instant now);

    /**
     * When the allowed range that contains {@code start} ends (a freeze starting earlier ends it too).
     *
     * @return empty when it does not close (no allow ranges)
     */
    Optional<Instant> closesAt(JsonNode window, Instant start);

    /**
     * Placeholder until {@code core.window.WindowEvaluator} is plugged in: always open, never closes.
     */
    static WindowSchedule alwaysOpen() {
        return new WindowSchedule() {
            @Override
            public Optional<Instant> earliestStart(JsonNode window, Instant now) {
                return Optional.of(now);
            }

            @Override
            public Optional<Instant> closesAt(JsonNode window, Instant start) {
                return Optional.empty();
            }
        };
    }
}
