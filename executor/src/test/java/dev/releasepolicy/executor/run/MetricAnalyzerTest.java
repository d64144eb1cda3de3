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
}
