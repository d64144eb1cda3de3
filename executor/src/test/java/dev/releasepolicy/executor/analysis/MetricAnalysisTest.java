package dev.releasepolicy.executor.analysis;

import static dev.releasepolicy.executor.analysis.ScriptedProvider.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.executor.analysis.AnalysisResult.Verdict;
import dev.releasepolicy.executor.testing.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class MetricAnalysisTest {

    static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");
    static final String ERR = "errors";
    static final String LAT = "latency";

    final FakeTime time = new FakeTime(T0);
    final ScriptedProvider provider = new ScriptedProvider(time);

    static MetricDefinition errorRate(Duration interval, int failureLimit) {
        return new MetricDefinition(
                "errorRate", ERR, OptionalDouble.of(0.01), OptionalDouble.empty(), interval, failureLimit);
    }

    MetricAnalysis analysis(List<MetricDefinition> metrics, List<RollbackTrigger> triggers) {
        Map<String, MetricDefinition> byName = new java.util.LinkedHashMap<>();
        metrics.forEach(m -> byName.put(m.name(), m));
        return new MetricAnalysis(
                new MonitoringSpec("prometheus", "http://prom:9090", byName, triggers),
                provider,
                time,
                time,
                AnalysisSettings.DEFAULTS);
    }

    @Test
    void analyze_healthyForFiveMinutes_isSuccessfulAfterElevenMeasurements() throws Exception {
        provider.on(ERR, t -> value(0.002));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(r.measurements()).hasSize(11);
        assertThat(r.decidedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void analyze_failureLimitZero_failsOnTheFirstBreach_withMetricAndValue() throws Exception {
        provider.on(ERR, t -> value(t.compareTo(Duration.ofSeconds(60)) >= 0 ? 0.05 : 0.0));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.metric()).isEqualTo("errorRate");
        assertThat(r.value()).hasValue(0.05);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(r.reason())
                .isEqualTo("errorRate = 0.05 is above max 0.01 (1 failed measurement in total, failureLimit 0)");
    }

    @Test
    void analyze_failureLimitTwo_countsFailuresInTotal_asArgoRollouts() throws Exception {
        // fail, fail, pass, fail: never three in a row, but three in total (Argo's failureLimit is cumulative)
        provider.on(ERR, t -> value(t.toSeconds() / 10 % 3 == 2 ? 0.0 : 0.02));
        AnalysisResult cumulative = analysis(List.of(errorRate(Duration.ofSeconds(10), 2)), List.of())
                .analyze(List.of("errorRate"), Duration.ofSeconds(80));
        assertThat(cumulative.verdict()).as(cumulative.reason()).isEqualTo(Verdict.FAILED);
        assertThat(cumulative.decidedAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(cumulative.reason()).contains("3 failed measurements in total, failureLimit 2");

        ScriptedProvider sustained = new ScriptedProvider(time).on(ERR, t -> value(0.02));
        AnalysisResult bad = new MetricAnalysis(
                        analysis(List.of(errorRate(Duration.ofSeconds(10), 2)), List.of())
                                .spec(),
                        sustained,
                        time,
                        time,
                        AnalysisSettings.DEFAULTS)
                .analyze(List.of("errorRate"), Duration.ofMinutes(5));
        assertThat(bad.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(bad.reason()).contains("3 failed measurements in total, failureLimit 2");
        assertThat(bad.breachSince()).isPresent();
        assertThat(Duration.between(bad.breachSince().get(), bad.decidedAt())).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void analyze_failuresWithinTheLimit_passWhenTheLastMeasurementPasses() throws Exception {
        // fail, pass, fail, pass, ...: two failures in total within 40s, failureLimit 2
        provider.on(ERR, t -> value(t.toSeconds() / 10 % 2 == 0 && t.toSeconds() < 30 ? 0.02 : 0.0));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(10), 2)), List.of())
                .analyze(List.of("errorRate"), Duration.ofSeconds(40));
        assertThat(r.verdict()).as(r.reason()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void analyze_failingStreakOpenAtTheEnd_isMeasuredUntilItSettles() throws Exception {
        // Healthy until 50s, failing from 50s on: the 60s analysis must not promote on a failing streak.
        provider.on(ERR, t -> value(t.toSeconds() >= 50 ? 0.02 : 0.0));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(10), 2)), List.of())
                .analyze(List.of("errorRate"), Duration.ofSeconds(60));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(70));
    }

    /** Checks a trigger watch every 2 s for {@code duration}, as the executor's waiting loop does. */
    Optional<AnalysisResult> pollTriggers(MetricAnalysis analysis, List<RollbackTrigger> triggers, Duration duration)
            throws InterruptedException {
        MetricAnalysis.TriggerWatch watch = analysis.watchTriggers(triggers);
        Instant end = time.instant().plus(duration);
        while (time.instant().isBefore(end)) {
            Optional<AnalysisResult> r = watch.check();
            if (r.isPresent()) {
                return r;
            }
            time.sleep(Duration.ofSeconds(2));
        }
        return Optional.empty();
    }

    @Test
    void watch_triggerWithFor_firesWhenTheBreachHasLastedThatLong() throws Exception {
        MetricDefinition m = new MetricDefinition(
                "errorRate", ERR, OptionalDouble.empty(), OptionalDouble.empty(), Duration.ofSeconds(30), 0);
        RollbackTrigger t = new RollbackTrigger(
                0, "errorRate", OptionalDouble.of(0.01), OptionalDouble.empty(), Duration.ofMinutes(2));
        provider.on(ERR, d -> value(d.toSeconds() >= 60 ? 0.03 : 0.001));
        AnalysisResult r = pollTriggers(analysis(List.of(m), List.of(t)), List.of(t), Duration.ofMinutes(10))
                .orElseThrow();
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.breachSince()).contains(T0.plusSeconds(60));
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(180));
        assertThat(r.reason())
                .isEqualTo(
                        "errorRate = 0.03 has been above 0.01 for 2m: rollback.automatic[0] (errorRate above 0.01 for 2m) fired");
    }

    @Test
    void watch_shortBreach_doesNotFire() throws Exception {
        MetricDefinition m = new MetricDefinition(
                "errorRate", ERR, OptionalDouble.empty(), OptionalDouble.empty(), Duration.ofSeconds(30), 0);
        RollbackTrigger t = new RollbackTrigger(
                0, "errorRate", OptionalDouble.of(0.01), OptionalDouble.empty(), Duration.ofMinutes(2));
        provider.on(ERR, d -> value(d.toSeconds() >= 60 && d.toSeconds() < 150 ? 0.03 : 0.001));
        assertThat(pollTriggers(analysis(List.of(m), List.of(t)), List.of(t), Duration.ofMinutes(5)))
                .isEmpty();
    }

    @Test
    void analyze_noData_isInconclusiveNeverSuccessful() throws Exception {
        provider.on(ERR, t -> new QueryResult.NoData("the query returned an empty result"));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ZERO);
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.reason()).contains("no data", "2 measurements in total without a value", "a person must decide");
    }

    @Test
    void analyze_singleGap_isTolerated_butTheLastMeasurementMustPass() throws Exception {
        provider.on(ERR, t -> t.toSeconds() == 30 ? new QueryResult.Unavailable("Prometheus unreachable") : value(0.0));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ofMinutes(2));
        assertThat(r.verdict()).isEqualTo(Verdict.SUCCESSFUL);
    }

    @Test
    void analyze_prometheusGoneMidway_isInconclusive() throws Exception {
        provider.on(
                ERR,
                t -> t.toSeconds() >= 60
                        ? new QueryResult.Unavailable("Prometheus at http://prom:9090 is unreachable")
                        : value(0.0));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.metric()).isEqualTo("errorRate");
        assertThat(r.reason()).startsWith("errorRate: Prometheus at http://prom:9090 is unreachable");
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void analyze_atDefaultSettings_sustainedBreachFailsWithinTwentySeconds() throws Exception {
        ManifestLoader loader = new ManifestLoader();
        var manifest = loader.load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests()
                .get(0);
        var tree = (tools.jackson.databind.node.ObjectNode) manifest.tree().deepCopy();
        // Drop interval and failureLimit: the tool's defaults apply.
        for (var m : tree.path("spec").path("monitoring").path("metrics")) {
            ((tools.jackson.databind.node.ObjectNode) m).remove(List.of("interval", "failureLimit"));
        }
        MonitoringSpec spec = MonitoringSpec.fromManifest(tree, AnalysisSettings.DEFAULTS);
        String q = spec.metric("errorRate").orElseThrow().query();
        provider.on(q, t -> value(t.toSeconds() >= 30 ? 0.05 : 0.0))
                .on(spec.metric("latencyP99").orElseThrow().query(), t -> value(0.2));
        AnalysisResult r = new MetricAnalysis(spec, provider, time, time, AnalysisSettings.DEFAULTS)
                .analyze(List.of("errorRate", "latencyP99"), Duration.ofMinutes(5));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(Duration.between(r.breachSince().orElseThrow(), r.decidedAt()))
                .isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void fromManifest_readsMetricsAndTriggersOfReferenceRelease3() {
        var manifest = new ManifestLoader()
                .load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests()
                .get(0);
        MonitoringSpec spec = MonitoringSpec.fromManifest(manifest.tree(), AnalysisSettings.DEFAULTS);
        assertThat(spec.address()).isEqualTo("http://prometheus.monitoring.svc:9090");
        MetricDefinition err = spec.metric("errorRate").orElseThrow();
        assertThat(err.max()).hasValue(0.01);
        assertThat(err.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(err.failureLimit()).isZero();
        assertThat(spec.metric("latencyP99").orElseThrow().failureLimit()).isEqualTo(2);
        assertThat(spec.triggers())
                .extracting(RollbackTrigger::describe)
                .containsExactly(
                        "rollback.automatic[0] (errorRate above 0.01 for 2m)",
                        "rollback.automatic[1] (latencyP99 above 0.8 for 5m)");
    }

    @Test
    void verifyRecovery_healthyTwiceInARow_isSuccessful() throws Exception {
        provider.on(ERR, t -> value(t.toSeconds() >= 40 ? 0.0 : 0.05));
        MetricAnalysis a = analysis(List.of(errorRate(Duration.ofSeconds(10), 0)), List.of());
        AnalysisResult r = a.verifyRecovery(List.of("errorRate"));
        assertThat(r.verdict()).isEqualTo(Verdict.SUCCESSFUL);
        assertThat(r.decidedAt()).isEqualTo(T0.plusSeconds(50));
        assertThat(r.reason()).startsWith("recovered: errorRate = 0");
    }

    @Test
    void verifyRecovery_neverHealthy_failsAfterTheTimeout() throws Exception {
        provider.on(ERR, t -> value(0.05));
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(10), 0)), List.of())
                .verifyRecovery(List.of("errorRate"));
        assertThat(r.verdict()).isEqualTo(Verdict.FAILED);
        assertThat(r.reason()).isEqualTo("recovery not verified within 5m: errorRate = 0.05 is above max 0.01");
    }

    @Test
    void verifyRecovery_noData_isInconclusive() throws Exception {
        provider.on(ERR, t -> new QueryResult.NoData("NaN"));
        assertThat(analysis(List.of(errorRate(Duration.ofSeconds(10), 0)), List.of())
                        .verifyRecovery(List.of("errorRate"))
                        .verdict())
                .isEqualTo(Verdict.INCONCLUSIVE);
    }

    @Test
    void durationText_parsesAndFormatsManifestDurations() {
        assertThat(DurationText.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(DurationText.parse("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(DurationText.format(Duration.ofSeconds(125))).isEqualTo("2m5s");
        assertThat(DurationText.format(Duration.ofMillis(1500))).isEqualTo("1s500ms");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DurationText.parse("5 minutes"))
                .hasMessageContaining("'5 minutes' is not a duration");
    }

    @Test
    void fromJson_readsAPlanAnalysisParameter_withDefaults() {
        var node = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree("{\"name\":\"errorRate\",\"query\":\"q\",\"max\":0.01}");
        MetricDefinition m = MetricDefinition.fromJson(node, AnalysisSettings.DEFAULTS);
        assertThat(m)
                .isEqualTo(new MetricDefinition(
                        "errorRate", "q", OptionalDouble.of(0.01), OptionalDouble.empty(), Duration.ofSeconds(10), 2));
        var trigger = tools.jackson.databind.json.JsonMapper.builder()
                .build()
                .readTree("{\"metric\":\"successRate\",\"below\":0.99}");
        assertThat(RollbackTrigger.fromJson(3, trigger).describe())
                .isEqualTo("rollback.automatic[3] (successRate below 0.99)");
    }

    @Test
    void analyze_providerThatThrows_isInconclusive() throws Exception {
        provider.on(ERR, t -> {
            throw new IllegalStateException("boom");
        });
        AnalysisResult r = analysis(List.of(errorRate(Duration.ofSeconds(30), 0)), List.of())
                .analyze(List.of("errorRate"), Duration.ofMinutes(1));
        assertThat(r.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(r.reason()).contains("scripted failed: IllegalStateException");
    }
}
