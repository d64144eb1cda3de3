package dev.releasepolicy.core.plan;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of {@code spec.monitoring.metrics} as the plan keeps it, so that analyses and the
 * automatic-rollback triggers can be judged from the plan alone.
 *
 * @param query    the provider's query; empty only in a hand-written plan, which then cannot be analysed
 * @param interval how often it is measured during an analysis ({@code 1m}); empty: the executor's default
 */
public record MetricSpec(
        String name,
        Optional<String> query,
        Optional<BigDecimal> max,
        Optional<BigDecimal> min,
        Optional<String> interval,
        Optional<Integer> failureLimit) {

    public MetricSpec {
        Objects.requireNonNull(name, "name");
    }
}
