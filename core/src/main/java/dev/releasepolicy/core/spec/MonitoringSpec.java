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
     * One metric.
     *
     * @param name         how steps and triggers refer to it
     * @param query        the PromQL query
     * @param max          the highest healthy value, when written
     * @param min          the lowest healthy value, when written
     * @param interval     how often the query runs during analysis, when written
     * @param failureLimit how many failed measurements are tolerated, when written
     */
    public record Metric(
            String name,
            String query,
            Optional<WrittenNumber> max,
            Optional<WrittenNumber> min,
            Optional<WrittenDuration> interval,
            Optional<Integer> failureLimit) {}
}
