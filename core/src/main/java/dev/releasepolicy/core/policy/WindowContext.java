package dev.releasepolicy.core.policy;

import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Evaluates a manifest's release window for {@code ctx.window}. The window engine
 * ({@code dev.releasepolicy.core.window}) plugs in here; {@link #NONE} answers with an empty object,
 * and the {@code release-window} policy then reports nothing.
 *
 * <p>The map has the keys {@code valid}, {@code problems} ([{path, message, hint}]), {@code open},
 * {@code reason}, {@code nextOpening} (ISO instant or null), {@code nextOpeningLocal}, {@code closesAt},
 * {@code canFinish}, {@code minimumDuration} (ISO duration) and {@code frozen} ({reason, until} or null),
 * all plain JSON values. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface WindowContext {

    /** No window engine: {@code ctx.window} is {@code {}}. */
    WindowContext NONE = (spec, now) -> Map.of();

    /**
     * @param spec the manifest's {@code spec} object (window, strategy and timings)
     * @param now  the run's clock
     */
    Map<String, Object> evaluate(JsonNode spec, Instant now);
}
