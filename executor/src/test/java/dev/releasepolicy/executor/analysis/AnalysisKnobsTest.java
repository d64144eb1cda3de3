package dev.releasepolicy.executor.analysis;

import static dev.releasepolicy.executor.analysis.ScriptedProvider.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.spec.Check;
import dev.releasepolicy.executor.analysis.AnalysisResult.Verdict;
import dev.releasepolicy.executor.testing.FakeTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The analysis knobs with Argo Rollouts' meaning (issue 17): {@code count}, {@code inconclusiveLimit},
 * {@code consecutiveErrorLimit}, {@code dryRun}, {@code initialDelay}, the exclusive bounds
 * {@code above}/{@code below}; {@code failureLimit} (cumulative) is in {@link MetricAnalysisTest}.
 */
class AnalysisKnobsTest {

    static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");
    static final String Q = "errors";

    final FakeTime time = new FakeTime(T0);
    final ScriptedProvider provider = new ScriptedProvider(time);

    /** A query metric with max 0.01, every 10s, failureLimit 0 and the given knobs. */
    static MetricDefinition metric(
            String name,
            OptionalInt count,
            OptionalInt inconclusiveLimit,
            OptionalInt consecutiveErrorLimit,
            Duration initialDelay,
            boolean dryRun) {
        return new MetricDefinition(
                name,
                new Check.Query(Q),
                OptionalDouble.of(0.01),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Duration.ofSeconds(10),
                count,
                0,
                inconclusiveLimit,
                consecutiveErrorLimit,
                initialDelay,
                dryRun);
    }

    MetricAnalysis analysis(MetricDefinition... metrics) {
        Map<String, MetricDefinition> byName = new LinkedHashMap<>();
        for (MetricDefinition m : metrics) {
            byName.put(m.name(), m);
        }
        return new MetricAnalysis(
                new MonitoringSpec("prometheus", "http://prom:9090", byName, List.of()),
                provider,
                time,
                time,
                AnalysisSettings.DEFAULTS);
    }

    @Test
    void count_reached_endsTheAnalysisAfterThatManyMeasurements_evenWithoutADuration() throws Exception {
        provider.on(Q, t -> value(0.001));
        MetricDefinition m =
                metric("errorRate", OptionalInt.of(5), OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO, false);
        AnalysisResult r = analysis(m).analyze(List.of("errorRate"), Duration.ZERO);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(provider.queries()).isEqualTo(5);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(40));
    }

    @Test
    void count_reached_endsBeforeTheStepsDuration() throws Exception {
        provider.on(Q, t -> value(0.001));
        MetricDefinition m =
                metric("errorRate", OptionalInt.of(3), OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO, false);
        AnalysisResult r = analysis(m).analyze(List.of("errorRate"), Duration.ofMinutes(10));
        assertThat(r.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(provider.queries()).isEqualTo(3);
    }

    @Test
    void inconclusiveLimit_countsMeasurementsWithoutAValueInTotal() throws Exception {
        // no data at 0s, a value at 10s, no data at 20s and 30s: 3 in total, never more than 2 in a row
        provider.on(Q, t -> t.toSeconds() == 10 || t.toSeconds() >= 40 ? value(0.0) : new QueryResult.NoData("empty"));
        MetricDefinition limit2 =
                metric("errorRate", OptionalInt.empty(), OptionalInt.of(2), OptionalInt.empty(), Duration.ZERO, false);
        AnalysisResult r = analysis(limit2).analyze(List.of("errorRate"), Duration.ofMinutes(1));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(r.reason()).contains("3 measurements in total without a value, inconclusiveLimit 2");
    }

    @Test
    void inconclusiveLimit_withinTheLimit_passes() throws Exception {
        provider.on(Q, t -> t.toSeconds() == 10 ? new QueryResult.NoData("empty") : value(0.0));
        MetricDefinition limit1 =
                metric("errorRate", OptionalInt.empty(), OptionalInt.of(1), OptionalInt.empty(), Duration.ZERO, false);
        assertThat(analysis(limit1)
                        .analyze(List.of("errorRate"), Duration.ofSeconds(30))
                        .verdict())
                .isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void consecutiveErrorLimit_providerErrorsInARowBeyondIt_failTheAnalysis() throws Exception {
        provider.on(Q, t -> new QueryResult.Unavailable("Prometheus at http://prom:9090 is unreachable"));
        MetricDefinition m =
                metric("errorRate", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(4), Duration.ZERO, false);
        AnalysisResult r = analysis(m).analyze(List.of("errorRate"), Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(provider.queries()).isEqualTo(5);
        assertThat(r.reason())
                .isEqualTo("errorRate could not be evaluated: Prometheus at http://prom:9090 is unreachable (5 errors"
                        + " in a row, consecutiveErrorLimit 4); a check that cannot be evaluated never passes");
    }

    @Test
    void consecutiveErrorLimit_anAnswerResetsTheRun() throws Exception {
        // errors at 0-20s, a value at 30s, errors at 40-60s, values after: never more than 3 in a row
        provider.on(
                Q,
                t -> t.toSeconds() == 30 || t.toSeconds() >= 70 ? value(0.0) : new QueryResult.Unavailable("refused"));
        MetricDefinition m =
                metric("errorRate", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.of(3), Duration.ZERO, false);
        AnalysisResult r = analysis(m).analyze(List.of("errorRate"), Duration.ofSeconds(80));
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void withoutConsecutiveErrorLimit_providerErrorsStayInconclusive_asBefore() throws Exception {
        provider.on(Q, t -> new QueryResult.Unavailable("refused"));
        MetricDefinition m = metric(
                "errorRate", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO, false);
        assertThat(analysis(m)
                        .analyze(List.of("errorRate"), Duration.ofMinutes(1))
                        .verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void dryRun_metric_isMeasuredAndReported_butNeverDecides() throws Exception {
        provider.on(Q, t -> value(0.5));
        provider.on("ok", t -> value(0.0));
        MetricDefinition dry = metric(
                "checkout-p99", OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(), Duration.ZERO, true);
        MetricDefinition deciding = new MetricDefinition(
                "errorRate", "ok", OptionalDouble.of(0.01), OptionalDouble.empty(), Duration.ofSeconds(10), 0);
        AnalysisResult r =
                analysis(dry, deciding).analyze(List.of("checkout-p99", "errorRate"), Duration.ofSeconds(30));
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(r.reason())
                .isEqualTo("all deciding metrics healthy; dry run (not deciding): checkout-p99 4 of 4 measurements"
                        + " failed");
        assertThat(r.measurements())
                .filteredOn(x -> x.metric().equals("checkout-p99"))
                .hasSize(4)
                .allSatisfy(x -> assertThat(x.describe()).contains("FAILED (dry run: is above max 0.01)"));
    }

    @Test
    void initialDelay_postponesTheFirstMeasurement() throws Exception {
        provider.on(Q, t -> t.toSeconds() < 30 ? value(0.5) : value(0.0));
        MetricDefinition m = metric(
                "errorRate",
                OptionalInt.of(2),
                OptionalInt.empty(),
                OptionalInt.empty(),
                Duration.ofSeconds(30),
                false);
        AnalysisResult r = analysis(m).analyze(List.of("errorRate"), Duration.ZERO);
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(r.measurements())
                .extracting(Measurement::at)
                .containsExactly(T0.plusSeconds(30), T0.plusSeconds(40));
    }

    @Test
    void bounds_minMaxAreInclusive_aboveBelowExclusive() {
        MetricDefinition inclusive =
                new MetricDefinition("m", "q", OptionalDouble.of(1), OptionalDouble.of(0.5), Duration.ofSeconds(10), 0);
        assertThat(inclusive.violation(1.0)).isEmpty();
        assertThat(inclusive.violation(0.5)).isEmpty();
        assertThat(inclusive.violation(1.01)).contains("is above max 1");
        MetricDefinition exclusive = new MetricDefinition(
                "m",
                new Check.Query("q"),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                OptionalDouble.of(0.5),
                OptionalDouble.of(1),
                Duration.ofSeconds(10),
                OptionalInt.empty(),
                0,
                OptionalInt.empty(),
                OptionalInt.empty(),
                Duration.ZERO,
                false);
        assertThat(exclusive.violation(0.7)).isEmpty();
        assertThat(exclusive.violation(1.0)).contains("is not below 1");
        assertThat(exclusive.violation(0.5)).contains("is not above 0.5");
        assertThat(exclusive.violation(Double.NaN)).isPresent();
    }
}
