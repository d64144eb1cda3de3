package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanCodec;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MetricsProvider;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.QueryResult;
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
        return MetricAnalyzer.fromPlans(time, d -> time.sleep(d), (kind, address) -> provider);
    }

    private static PlanStep firstAnalysis(Plan plan) {
        return plan.steps().stream()
                .filter(s -> s.action() == Action.ANALYSIS)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void analyze_healthyMetrics_healthy() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> v =
                analyzer(0.002, new FakeTime(ReferenceReleases.NOW)).analyze(plan, firstAnalysis(plan));
        assertThat(v)
                .hasValueSatisfying(x -> assertThat(x.healthy()).as(x.summary()).isTrue());
    }

    @Test
    void analyze_errorRateAboveOnePercent_unhealthyNamingTheMetric() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> v =
                analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.summary()).contains("errorRate");
        });
    }

    /** The example's plan with its JSON changed by {@code edit}, read back through the codec. */
    private static Plan edited(java.util.function.Consumer<tools.jackson.databind.node.ObjectNode> edit) {
        tools.jackson.databind.node.ObjectNode json = PlanCodec.toJson(ReferenceReleases.plan("auto-rollback.yaml"));
        edit.accept(json);
        return PlanCodec.read("plan.json", json);
    }

    @Test
    void analyze_readsOnlyThePlan_itsAddressServesTheQueries() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        java.util.List<String> asked = new java.util.ArrayList<>();
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        MetricAnalyzer a = MetricAnalyzer.fromPlans(time, d -> time.sleep(d), (kind, address) -> {
            asked.add(kind + " " + address);
            return new dev.releasepolicy.executor.analysis.ScriptedProvider(time);
        });
        a.analyze(plan, firstAnalysis(plan));
        assertThat(asked).containsExactly("prometheus http://prometheus.monitoring.svc:9090");
    }

    @Test
    void analyze_planWithoutProviderAddress_failsClosedNamingWhatIsMissing() {
        Plan plan = edited(json -> ((tools.jackson.databind.node.ObjectNode) json.get("monitoring")).remove("address"));
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        Optional<Analyzer.Verdict> v = MetricAnalyzer.fromPlans(time, d -> time.sleep(d), (kind, address) -> {
                    throw new AssertionError("no provider without an address");
                })
                .analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.inconclusive()).isTrue();
            assertThat(x.summary())
                    .isEqualTo("analysis at step 10-analysis: the plan has no metrics provider address"
                            + " (spec.monitoring.address)");
        });
        assertThat(MetricAnalyzer.fromPlans(time).verifyRecovery(plan)).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.summary()).contains("no metrics provider address");
        });
    }

    @Test
    void watch_triggersWithoutProvider_neverPass() {
        Plan plan =
                edited(json -> ((tools.jackson.databind.node.ObjectNode) json.get("monitoring")).remove("provider"));
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        assertThat(MetricAnalyzer.fromPlans(time).watch(plan, firstAnalysis(plan)))
                .hasValueSatisfying(x -> {
                    assertThat(x.healthy()).isFalse();
                    assertThat(x.summary())
                            .isEqualTo("automatic-rollback triggers cannot be watched at step 10-analysis: the plan"
                                    + " names no metrics provider (spec.monitoring.provider)");
                });
        Plan complete = ReferenceReleases.plan("auto-rollback.yaml");
        assertThat(MetricAnalyzer.fromPlans(time).watch(complete, firstAnalysis(complete)))
                .hasValueSatisfying(x -> assertThat(x.summary()).doesNotContain("cannot be watched"));
    }

    @Test
    void watch_aProviderThatNeverAnswers_isNeverQuiet() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        MetricsProvider down = new MetricsProvider() {
            @Override
            public QueryResult query(String query) {
                return new QueryResult.Unavailable("connection refused");
            }

            @Override
            public String describe() {
                return "down";
            }
        };
        MetricAnalyzer analyzer = MetricAnalyzer.fromPlans(time, d -> time.sleep(d), (kind, address) -> down);
        Optional<Analyzer.Verdict> last = Optional.empty();
        for (int i = 0; i < 20 && last.map(Analyzer.Verdict::healthy).orElse(true); i++) {
            last = analyzer.watch(plan, firstAnalysis(plan));
            time.sleep(java.time.Duration.ofSeconds(30));
        }
        assertThat(last).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.inconclusive()).isTrue();
            assertThat(v.summary()).contains("cannot be evaluated", "connection refused");
        });
    }

    @Test
    void analyze_metricWithoutQuery_failsClosedNamingTheMetric() {
        Plan plan = edited(
                json -> ((tools.jackson.databind.node.ObjectNode) json.at("/monitoring/metrics/0")).remove("query"));
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        Optional<Analyzer.Verdict> v = analyzer(0.001, time).analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.summary())
                    .isEqualTo("analysis at step 10-analysis: metric errorRate has no query in the plan");
        });
    }

    @Test
    void analyze_triggerMetricNotDefined_failsClosed() {
        Plan plan = edited(json -> ((tools.jackson.databind.node.ArrayNode) json.at("/monitoring/metrics")).remove(1));
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        Optional<Analyzer.Verdict> v = analyzer(0.001, time).analyze(plan, firstAnalysis(plan));
        assertThat(v).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.summary()).contains("metric latencyP99 has no definition in the plan");
        });
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
        return new MetricAnalyzer(
                plan -> Optional.of(new MetricAnalysis(
                        MonitoringSpec.fromPlan(plan, AnalysisSettings.DEFAULTS),
                        provider,
                        time,
                        d -> time.sleep(d),
                        AnalysisSettings.DEFAULTS)),
                what);
    }

    @Test
    void analyze_noData_inconclusive_pausesByDefault_rollsBackWhenConfigured() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        Optional<Analyzer.Verdict> paused = noData(
                        new FakeTime(ReferenceReleases.NOW), AnalysisSettings.OnInconclusive.PAUSE)
                .analyze(plan, firstAnalysis(plan));
        assertThat(paused).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.inconclusive()).as(x.summary()).isTrue();
        });
        Optional<Analyzer.Verdict> rolled = noData(
                        new FakeTime(ReferenceReleases.NOW), AnalysisSettings.OnInconclusive.ROLLBACK)
                .analyze(plan, firstAnalysis(plan));
        assertThat(rolled).hasValueSatisfying(x -> {
            assertThat(x.healthy()).isFalse();
            assertThat(x.inconclusive()).isFalse();
        });
    }

    @Test
    void verifyRecovery_usesEveryMetricOfTheRelease_healthyWhenTheyAre() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        assertThat(MetricAnalyzer.releaseMetrics(plan))
                .contains("errorRate", "latencyP99")
                .doesNotHaveDuplicates();
        Optional<Analyzer.Verdict> ok =
                analyzer(0.001, new FakeTime(ReferenceReleases.NOW)).verifyRecovery(plan);
        assertThat(ok)
                .hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        Optional<Analyzer.Verdict> bad =
                analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).verifyRecovery(plan);
        assertThat(bad).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.summary()).contains("errorRate");
        });
    }

    @Test
    void verifyRecovery_withoutAfterRollback_neverAsksAGateAgain_onlyGates_isNotChecked() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        assertThat(plan.rollback().afterRollback()).isEmpty();
        assertThat(MetricAnalyzer.afterRollbackMetrics(plan)).isEqualTo(MetricAnalyzer.releaseMetrics(plan));
        // the same release whose checks are all webhook gates (at a port nothing listens on: a call would
        // end as "unreachable", not as "not checked")
        Plan gates = edited(json -> json.get("monitoring").get("metrics").forEach(m -> {
            tools.jackson.databind.node.ObjectNode o = (tools.jackson.databind.node.ObjectNode) m;
            o.remove("query");
            o.putObject("webhook").put("url", "http://127.0.0.1:1/gate");
        }));
        assertThat(MetricAnalyzer.releaseMetrics(gates)).isNotEmpty();
        assertThat(MetricAnalyzer.afterRollbackMetrics(gates)).isEmpty();
        FakeTime time = new FakeTime(ReferenceReleases.NOW);
        assertThat(MetricAnalyzer.fromPlans(time).verifyRecovery(gates)).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.inconclusive()).isTrue();
            assertThat(v.summary()).startsWith("recovery not checked").contains("spec.rollback.afterRollback");
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
        MonitoringSpec spec = MonitoringSpec.fromManifest(
                ReferenceReleases.manifest("auto-rollback.yaml"), AnalysisSettings.DEFAULTS);
        MetricAnalyzer analyzer = new MetricAnalyzer(plan ->
                Optional.of(new MetricAnalysis(spec, provider, time, d -> time.sleep(d), AnalysisSettings.DEFAULTS)));
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        PlanStep step = firstAnalysis(plan);
        assertThat(step.watches()).isNotEmpty();

        // errorRate is measured every 30 s; its trigger is "above 0.01 for 2m".
        assertThat(analyzer.watch(plan, step))
                .hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        time.sleep(java.time.Duration.ofSeconds(60));
        assertThat(analyzer.watch(plan, step))
                .hasValueSatisfying(v -> assertThat(v.healthy()).as(v.summary()).isTrue());
        errorRate[0] = 0.0;
        time.sleep(java.time.Duration.ofSeconds(30));
        assertThat(analyzer.watch(plan, step))
                .hasValueSatisfying(v -> assertThat(v.healthy()).isTrue());
        errorRate[0] = 0.05;
        time.sleep(java.time.Duration.ofSeconds(30));
        analyzer.watch(plan, step);
        time.sleep(java.time.Duration.ofSeconds(90));
        assertThat(analyzer.watch(plan, step))
                .as("the breach began again 90 s ago")
                .hasValueSatisfying(v -> assertThat(v.healthy()).isTrue());
        time.sleep(java.time.Duration.ofSeconds(30));
        assertThat(analyzer.watch(plan, step)).hasValueSatisfying(v -> {
            assertThat(v.healthy()).isFalse();
            assertThat(v.inconclusive()).isFalse();
            assertThat(v.summary())
                    .contains(
                            "errorRate = 0.05 has been above 0.01 for 2m",
                            "rollback.automatic[0] (errorRate above 0.01 for 2m) fired");
        });
    }

    @Test
    void watch_aStepWithoutTriggers_watchesNothing_andTriggersWithoutAnAnalysis_failClosed() {
        Plan plan = ReferenceReleases.plan("auto-rollback.yaml");
        PlanStep unwatched = plan.steps().stream()
                .filter(s -> s.watches().isEmpty())
                .findFirst()
                .orElseThrow();
        assertThat(analyzer(0.05, new FakeTime(ReferenceReleases.NOW)).watch(plan, unwatched))
                .isEmpty();
        assertThat(new MetricAnalyzer(p -> Optional.empty()).watch(plan, firstAnalysis(plan)))
                .hasValueSatisfying(v -> {
                    assertThat(v.healthy()).isFalse();
                    assertThat(v.summary()).contains("automatic-rollback triggers cannot be watched");
                });
    }
}
