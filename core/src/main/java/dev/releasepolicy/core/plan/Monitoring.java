package dev.releasepolicy.core.plan;

import java.util.List;
import java.util.Optional;

/**
 * Where the release's metrics are and how they are judged ({@code spec.monitoring}), kept in the plan
 * so that apply, resume and rollback analyse without the manifest file.
 *
 * @param provider such as {@code prometheus}; empty when the manifest names none
 * @param address  the provider's base URL, a literal credential in it masked; empty when the manifest has none
 * @param metrics  every metric of {@code spec.monitoring.metrics}, in manifest order
 */
public record Monitoring(Optional<String> provider, Optional<String> address, List<MetricSpec> metrics) {

    /** No monitoring at all. */
    public static final Monitoring NONE = new Monitoring(Optional.empty(), Optional.empty(), List.of());

    public Monitoring {
        metrics = List.copyOf(metrics);
    }

    /** The metric with a name. */
    public Optional<MetricSpec> metric(String name) {
        return metrics.stream().filter(m -> m.name().equals(name)).findFirst();
    }
}
