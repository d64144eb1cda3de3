package dev.releasepolicy.core.spec;

import java.util.List;
import java.util.Optional;

/**
 * {@code spec.monitoring}: where the metrics are and how they are judged.
 *
 * @param provider   such as {@code prometheus}, when written
 * @param address    the provider's base URL, when written
 * @param metrics    the metrics used by analysis steps and automatic rollback
 * @param dashboards dashboard URLs
 * @param alerts     alert rule names
 */
public record MonitoringSpec(
        Optional<String> provider,
        Optional<String> address,
        List<Metric> metrics,
        List<String> dashboards,
        List<String> alerts) {

    /** Nothing declared: what an absent {@code spec.monitoring} means. */
    public static final MonitoringSpec NONE =
            new MonitoringSpec(Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());

    public MonitoringSpec {
        metrics = List.copyOf(metrics);
        dashboards = List.copyOf(dashboards);
        alerts = List.copyOf(alerts);
    }

    /** The first metric declared with this name. */
    public Optional<Metric> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * One metric: a check of one kind ({@link Check}) and how its measurements are judged. The knobs keep
     * Argo Rollouts' meaning: {@code count} measurements at most, {@code failureLimit} failed ones in total
     * tolerated, {@code inconclusiveLimit} inconclusive ones tolerated, {@code consecutiveErrorLimit}
     * provider errors in a row tolerated, {@code initialDelay} before the first, and {@code dryRun} metrics
     * measured and reported but never deciding.
     *
     * @param name                  how steps and triggers refer to it (letters, digits, {@code _ - .})
     * @param check                 what is measured
     * @param max                   the highest healthy value (inclusive), when written
     * @param min                   the lowest healthy value (inclusive), when written
     * @param above                 healthy values are strictly above this, when written
     * @param below                 healthy values are strictly below this, when written
     * @param interval              how often it is measured during analysis, when written
     * @param count                 how many measurements an analysis takes at most, when written
     * @param failureLimit          how many failed measurements in total are tolerated, when written
     * @param inconclusiveLimit     how many inconclusive measurements are tolerated, when written
     * @param consecutiveErrorLimit how many provider errors in a row are tolerated, when written
     * @param initialDelay          how long to wait before the first measurement, when written
     * @param dryRun                measured and reported, never decides
     */
    public record Metric(
            String name,
            Check check,
            Optional<WrittenNumber> max,
            Optional<WrittenNumber> min,
            Optional<WrittenNumber> above,
            Optional<WrittenNumber> below,
            Optional<WrittenDuration> interval,
            Optional<Integer> count,
            Optional<Integer> failureLimit,
            Optional<Integer> inconclusiveLimit,
            Optional<Integer> consecutiveErrorLimit,
            Optional<WrittenDuration> initialDelay,
            boolean dryRun) {

        /** The PromQL query of a {@link Check.Query} metric; empty for other kinds. */
        public Optional<String> query() {
            return check instanceof Check.Query(String q) ? Optional.of(q) : Optional.empty();
        }
    }
}
