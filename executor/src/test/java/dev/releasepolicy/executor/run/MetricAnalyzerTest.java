package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MetricsProvider;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.model.ExecutionPlan;
import dev.releasepolicy.executor.model.ExecutionStep;
import dev.releasepolicy.executor.model.StepKind;
import dev.releasepolicy.executor.testing.FakeTime;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plan's analysis steps judged by the metric analysis, with a scripted metrics provider. */
class MetricAnalyzerTest {

    private static MetricAnalyzer analyzer(double errorRate, FakeTime time) {
        MetricsProvider provider = new MetricsProvider() {
            @Override
            public QueryResult query(String query) {
                return new QueryResult.Value(query.contains("grpc_server_handled_total") ? errorRate : 0.1);
            }

            @Override
            public String describe() {
                return "scripted";
            }
        };
        MonitoringSpec spec = MonitoringSpec.fromManifest(ReferenceReleases.manifest("auto-rollback.yaml"), AnalysisSettings.DEFAULTS);
        return new MetricAnalyzer(plan -> Optional.of(new MetricAnalysis(spec, provider, time,
                d -> time.sleep(d), AnalysisSettings.DEFAULTS)));
    }

    private static ExecutionStep firstAnalysis(ExecutionPlan plan) {
        return plan.steps().stream().filter(s -> s.kind() == StepKind.ANALYSIS).findFirst().orElseThrow();
    }

    @Test
    void analyze_healthyMetrics_healthy() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> v = analyzer(0.002, new FakeTime(ReferenceReleases.NOW)).analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> assertThat(x.healthy()).as(x.summary()).isTrue());
    }

    @Test
    void analyze_errorRateAboveOnePercent_unhealthyNamingTheMetric() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> v = analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.summary()).contains("errorRate");
        });
    }

    @Test
    void fromManifests_noManifestFile_notPerformed() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        assertThat(MetricAnalyzer.fromManifests(new FakeTime(ReferenceReleases.NOW)).analyze(plan, firstAnalysis(plan)))
                .as("examples/auto-rollback.yaml is not found from the module folder").isEmpty();
    }

    private static MetricAnalyzer noData(FakeTime time, AnalysisSettings.OnInconclusive what) {
        MetricsProvider provider = new MetricsProvider() {
            @Override
            public QueryResult query(String query) {
                return new QueryResult.NoData("empty result");
            }

            @Override
            public String describe() {
                return "scripted, no data";
            }
        };
        MonitoringSpec spec = MonitoringSpec.fromManifest(ReferenceReleases.manifest("auto-rollback.yaml"), AnalysisSettings.DEFAULTS);
        return new MetricAnalyzer(plan -> Optional.of(new MetricAnalysis(spec, provider, time, d -> time.sleep(d),
                AnalysisSettings.DEFAULTS)), what);
    }

    @Test
    void analyze_noData_inconclusive_pausesByDefault_rollsBackWhenConfigured() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> paused = noData(new FakeTime(ReferenceReleases.NOW), AnalysisSettings.OnInconclusive.PAUSE)
                .analyze(plan, firstAnalysis(plan));
        assertThat(paused).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.inconclusive()).as(x.summary()).isTrue();
        });
        Optional<Analyzer.Verdict> rolled = noData(new FakeTime(ReferenceReleases.NOW), AnalysisSettings.OnInconclusive.ROLLBACK)
                .analyze(plan, firstAnalysis(plan));
        assertThat(rolled).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.inconclusive()).isFalse();
        });
    }

    @Test
    void verifyRecovery_usesEveryMetricOfTheRelease_healthyWhenTheyAre() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        assertThat(MetricAnalyzer.releaseMetrics(plan)).contains("errorRate", "latencyP99").doesNotHaveDuplicates();
        Optional<Analyzer.Verdict> ok = analyzer(0.001, new FakeTime(ReferenceReleases.NOW)).verifyRecovery(plan);
        assertThat(ok).hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        Optional<Analyzer.Verdict> bad = analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).verifyRecovery(plan);
        assertThat(bad).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.summary()).contains("errorRate");
        });
    }

    @Test
    void watch_breachHeldForItsFor_unhealthyNamingTheTrigger_notBefore_andABreachThatEndsStartsAgain() {
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        double[] errorRate = {0.05};
        MetricsProvider provider = new MetricsProvider() {
            @Override
            public QueryResult query(String query) {
                return new QueryResult.Value(query.contains("grpc_server_handled_total") ? errorRate[0] : 0.1);
            }

            @Override
            public String describe() {
                return "scripted";
            }
        };
        MonitoringSpec spec = MonitoringSpec.fromManifest(ReferenceReleases.manifest("auto-rollback.yaml"),
                AnalysisSettings.DEFAULTS);
        MetricAnalyzer analyzer = new MetricAnalyzer(plan -> Optional.of(new MetricAnalysis(spec, provider, time,
                d -> time.sleep(d), AnalysisSettings.DEFAULTS)));
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        ExecutionStep step = firstAnalysis(plan);
        assertThat(step.watches()).isNotEmpty();

        // errorRate is measured every 30 s; its trigger is "above 0.01 for 2m".
        assertThat(analyzer.watch(plan, step))
                .hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        time.sleep(java.time.Duration.ofSeconds(60));
        assertThat(analyzer.watch(plan, step))
                .hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        errorRate[0] = 0.0;
        time.sleep(java.time.Duration.ofSeconds(30));
        assertThat(analyzer.watch(plan, step)).hasValueSatisfying(v -> assertThat(v.healthy()).isTrue());
        errorRate[0] = 0.05;
        time.sleep(java.time.Duration.ofSeconds(30));
        analyzer.watch(plan, step);
        time.sleep(java.time.Duration.ofSeconds(90));
        assertThat(analyzer.watch(plan, step)).as("the breach began again 90 s ago")
                .hasValueSatisfying(v -> assertThat(v.healthy()).isTrue());
        time.sleep(java.time.Duration.ofSeconds(30));
        assertThat(analyzer.watch(plan, step)).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.inconclusive()).isFalse();
            assertThat(v.summary()).contains("errorRate = 0.05 has been above 0.01 for 2m",
                    "rollback.automatic[0] (errorRate above 0.01 for 2m) fired");
        });
    }

    @Test
    void watch_noMetricsProvider_orAStepWithoutTriggers_watchesNothing() {
        ExecutionPlan plan = ReferenceReleases.plan("auto-rollback.yaml");
        ExecutionStep unwatched = plan.steps().stream().filter(s -> s.watches().isEmpty()).findFirst().orElseThrow();
        assertThat(analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).watch(plan, unwatched)).isEmpty();
        assertThat(new MetricAnalyzer(p -> Optional.empty()).watch(plan, firstAnalysis(plan))).isEmpty();
    }
}
