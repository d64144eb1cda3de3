package dev.releasepolicy.core.verify;

import java.time.Instant;
import tools.jackson.databind.JsonNode;

/**
 * A time-dependent input of the checks that the verify cache can compute again without the policy
 * engine (such as the release-window verdict): a cached result that read it is reused only while the
 * fields it read keep their values. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface TimedInput {

    /**
     * The value at {@code now}.
     *
     * @param input what the check computed it from (recorded in {@link CheckTrace.Clock#input()})
     * @param now   the run's clock
     * @return a JSON object
     */
    JsonNode evaluate(JsonNode input, Instant now);
}
