package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.Check;
import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * One metric of {@code spec.monitoring.metrics} as the plan keeps it, so that analyses, the
 * automatic-rollback triggers and the checks after a rollback can be judged from the plan alone. The
 * check is the manifest's ({@link Check}: query, web, job or webhook), its URLs and headers as
 * {@link PlanRuntime} keeps them ({@code ${env:NAME}} as written, literal secrets masked).
 *
 * @param check                 what is measured
 * @param max                   highest healthy value, inclusive
 * @param min                   lowest healthy value, inclusive
 * @param above                 healthy values are strictly above it
 * @param below                 healthy values are strictly below it
 * @param interval              how often it is measured during an analysis ({@code 1m}); empty: the executor's default
 * @param count                 how many measurements an analysis takes at most; empty: as long as the step lasts
 * @param failureLimit          failed measurements tolerated in total; empty: the executor's default
 * @param inconclusiveLimit     inconclusive measurements tolerated; empty: the executor's default
 * @param consecutiveErrorLimit provider errors in a row tolerated; empty: errors count as inconclusive
 * @param initialDelay          wait before the first measurement ({@code 30s})
 * @param dryRun                measured and reported, never decides
 */
public record MetricSpec(
        String name,
        Check check,
        Optional<BigDecimal> max,
        Optional<BigDecimal> min,
        Optional<BigDecimal> above,
        Optional<BigDecimal> below,
        Optional<String> interval,
        Optional<Integer> count,
        Optional<Integer> failureLimit,
        Optional<Integer> inconclusiveLimit,
        Optional<Integer> consecutiveErrorLimit,
        Optional<String> initialDelay,
        boolean dryRun) {

    public MetricSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
    }

    /** A Prometheus metric with the knobs of earlier plans only (a query, bounds, interval, failureLimit). */
    public static MetricSpec query(
            String name,
            String query,
            Optional<BigDecimal> max,
            Optional<BigDecimal> min,
            Optional<String> interval,
            Optional<Integer> failureLimit) {
        return new MetricSpec(
                name,
                new Check.Query(query),
                max,
                min,
                Optional.empty(),
                Optional.empty(),
                interval,
                Optional.empty(),
                failureLimit,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                false);
    }

    /** The provider's query of a {@code query} metric; empty for the other kinds. */
    public Optional<String> query() {
        return check instanceof Check.Query(String q) && !q.isEmpty() ? Optional.of(q) : Optional.empty();
    }
}
