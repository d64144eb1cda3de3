package dev.releasepolicy.core.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where the release's metrics are and how they are judged ({@code spec.monitoring}), kept in the plan
 * so that apply, resume and rollback analyse without the manifest file.
 *
 * @param provider such as {@code prometheus}; empty when the manifest names none
 * @param address  the provider's base URL, a literal credential in it masked; empty when the manifest has none
 * @param metrics    every metric of {@code spec.monitoring.metrics}, in manifest order (templates expanded)
 * @param dashboards the dashboard URLs of {@code spec.monitoring.dashboards}, linked from notifications
 */
public record Monitoring(
        Optional<String> provider, Optional<String> address, List<MetricSpec> metrics, List<String> dashboards) {

    /** No monitoring at all. */
    public static final Monitoring NONE = new Monitoring(Optional.empty(), Optional.empty(), List.of(), List.of());

    public Monitoring {
        metrics = List.copyOf(metrics);
        dashboards = List.copyOf(dashboards);
    }

    /** Monitoring without dashboards. */
    public Monitoring(Optional<String> provider, Optional<String> address, List<MetricSpec> metrics) {
        this(provider, address, metrics, List.of());
    }

    /** The metric with a name. */
    public Optional<MetricSpec> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
