package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code spec.rollback}: the version to go back to, and when to go back without a person.
 *
 * @param to         the last stable version, when written
 * @param image      its image, when written
 * @param configMaps its ConfigMaps
 * @param rehearsed  where and when the rollback was rehearsed, when written
 * @param automatic  the automatic rollback triggers
 * @param afterRollback the metrics checked after a rollback to see that it recovered the business
 *                      ({@code spec.rollback.afterRollback.metrics}); empty: the release's analysis metrics
 */
public record RollbackSpec(
        Optional<String> to,
        Optional<String> image,
        List<String> configMaps,
        Optional<Rehearsal> rehearsed,
        List<Trigger> automatic,
        List<String> afterRollback) {

    /** Nothing declared: what an absent {@code spec.rollback} means. */
    public static final RollbackSpec NONE =
            new RollbackSpec(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), List.of(), List.of());

    public RollbackSpec {
        configMaps = List.copyOf(configMaps);
        automatic = List.copyOf(automatic);
        afterRollback = List.copyOf(afterRollback);
    }

    /**
     * A rehearsal of the rollback.
     *
     * @param environment such as {@code staging}
     * @param at          the date as written, {@code YYYY-MM-DD} (text: verify judges whether it is a real date)
     */
    public record Rehearsal(String environment, String at) {}

    /**
     * Roll back when a metric crosses a threshold for a while.
     *
     * @param metric      the metric of {@code spec.monitoring.metrics}
     * @param above       roll back above this value, when written
     * @param below       roll back below this value, when written
     * @param forDuration how long the condition must hold, when written
     */
    public record Trigger(
            String metric,
            Optional<WrittenNumber> above,
            Optional<WrittenNumber> below,
            Optional<WrittenDuration> forDuration) {}
}
