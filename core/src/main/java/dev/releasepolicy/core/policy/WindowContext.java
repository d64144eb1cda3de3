package dev.releasepolicy.core.policy;

import dev.releasepolicy.core.window.ReleaseDuration;
import dev.releasepolicy.core.window.WindowEvaluator;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a manifest's release window for {@code ctx.window}: {@link #EVALUATED} is the window
 * engine ({@code dev.releasepolicy.core.window}); {@link #NONE} answers with an empty object, and
 * the {@code release-window} policy then judges nothing but a missing window.
 *
 * <p>The map has the keys {@code valid}, {@code problems} ([{path, message, hint}]), {@code open},
 * {@code reason}, {@code nextOpening} (ISO instant or null), {@code nextOpeningLocal}, {@code closesAt},
 * {@code canFinish}, {@code minimumDuration} (such as {@code 1h30m}), {@code frozen} ({reason, until} or null),
 * {@code fitsFrom} and {@code fitsFromLocal} (the first start that fits, or null),
 * all plain JSON values. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WindowContext {

    /** No window engine: {@code ctx.window} is {@code {}} (for tests of other policies). */
    WindowContext NONE = (spec, now) -> Map.of();

    /**
     * The real window engine: {@code spec.window} evaluated with {@code java.time} at {@code now},
     * for a release that takes at least the manifest's minimum duration.
     */
    WindowContext EVALUATED = (spec, now) -> WindowEvaluator.evaluate(
                    spec == null ? null : spec.get("window"), now, ReleaseDuration.minimum(spec))
            .toMap();

    /**
     * @param spec the manifest's {@code spec} object (window, strategy and timings)
     * @param now  the run's clock
     */
    Map<String, Object> evaluate(JsonNode spec, Instant now);
}
