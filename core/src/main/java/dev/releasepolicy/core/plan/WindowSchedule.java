package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.WindowSpec;
import java.time.Instant;
import java.util.Optional;

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
    Optional<Instant> earliestStart(WindowSpec window, Instant now);

    /**
     * When the allowed range that contains {@code start} ends (a freeze starting earlier ends it too).
     *
     * @return empty when it does not close (no allow ranges)
     */
    Optional<Instant> closesAt(WindowSpec window, Instant start);

    /** The release windows of {@code core.window.WindowEvaluator} (what verify checks, too). */
    static WindowSchedule releaseWindows() {
        return new EvaluatedWindowSchedule();
    }

    /** A window that is always open and never closes (for tests and tools that ignore windows). */
    static WindowSchedule alwaysOpen() {
        return new WindowSchedule() {
            @Override
            public Optional<Instant> earliestStart(WindowSpec window, Instant now) {
                return Optional.of(now);
            }

            @Override
            public Optional<Instant> closesAt(WindowSpec window, Instant start) {
                return Optional.empty();
            }
        };
    }
}
