package dev.releasepolicy.executor.autorollback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.FileAuditSink;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.wait.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/**
 * The 2-minute promise at real speed (about 3 minutes, so only with RELEASE_POLICY_SLOW_TESTS=true):
 * reference release 3 as written — 1m rate windows, its steps and durations, its triggers — except
 * that interval and failureLimit are removed so the tool's defaults (10 s, 2) apply, against a
 * Prometheus scraping at its default 15 s. The new version fails half its requests (5% overall at
 * 10% weight). Prints the time from the first failing request to traffic back on the stable version.
 */
@EnabledIfEnvironmentVariable(named = "RELEASE_POLICY_SLOW_TESTS", matches = "true")
class PrometheusDefaultSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultSettings_sustainedErrorsAboveOnePercent_areRolledBackWithinTwoMinutes() throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        Assumptions.assumeTrue(binary.isPresent(), "prometheus is not installed: run .ci/prometheus.sh");
        try (PrometheusAutoRollbackTest.SimulatedApp app = new PrometheusAutoRollbackTest.SimulatedApp();
                LocalPrometheus prometheus = LocalPrometheus.start(binary.get(), dir, Duration.ofSeconds(15), app.port())) {
            ObjectNode m = (ObjectNode) new ManifestLoader().load(Path.of("..", "examples", "auto-rollback.yaml"),
                    "auto-rollback.yaml").manifests().get(0).tree().deepCopy();
            ObjectNode monitoring = (ObjectNode) m.get("spec").get("monitoring");
            monitoring.put("address", prometheus.url());
            String errorRate = "sum(rate(http_requests_total{app=\"payments-service\",code=~\"5..\"}[1m]))"
                    + " / sum(rate(http_requests_total{app=\"payments-service\"}[1m]))";
            for (var metric : monitoring.get("metrics")) {
                ObjectNode o = (ObjectNode) metric;
                o.remove(List.of("interval", "failureLimit"));
                o.put("query", o.get("name").asString().equals("errorRate") ? errorRate
                        : "max(test_latency_p99_seconds{app=\"payments-service\"})");
            }
            assertThat(prometheus.awaitValue(errorRate, Duration.ofSeconds(90))).isTrue();

            InMemoryTrafficControl traffic = new InMemoryTrafficControl(3, w -> app.weights = w);
            MonitoringSpec spec = MonitoringSpec.fromManifest(m, AnalysisSettings.DEFAULTS);
            AuditLog audit = new AuditLog(new FileAuditSink(dir.resolve("audit.jsonl")), Clock.systemUTC(), Redactor.none());
            AuditContext ctx = new AuditContext("alice", "payments-service", "sha256:5e1f");
            AutoRollbackWatcher watcher = new AutoRollbackWatcher(new WatchedRelease("payments-service", "5.4.1", "5.4.0"),
                    new MetricAnalysis(spec, PrometheusProvider.of(spec.address()), Clock.systemUTC(), Sleeper.SYSTEM,
                            AnalysisSettings.DEFAULTS), traffic, Notifier.NONE, audit, ctx);
            app.canaryErrorRatio = 0.5;
            Instant errorsBegin = Instant.now();
            CanaryRun.Result result = new CanaryRun(m, watcher, traffic, audit, ctx, Duration.ofMinutes(1)).run();

            RollbackReport r = result.stoppedBy().orElseThrow().rollback().orElseThrow();
            Duration total = Duration.between(errorsBegin, r.trafficRestoredAt().orElseThrow());
            System.out.println("[PrometheusDefaultSettingsTest] defaults (interval 10s, failureLimit 2, scrape 15s, rate[1m]):"
                    + " first failing request -> traffic restored " + total.toMillis() + " ms; first breaching measurement"
                    + " -> restored " + r.breachToRestored().orElseThrow().toMillis() + " ms; cause: " + r.cause()
                    + "; recovery: " + r.recovery().orElseThrow().reason());
            assertThat(total).isLessThan(Duration.ofMinutes(2));
            assertThat(AuditLog.verify(dir.resolve("audit.jsonl")).intact()).isTrue();
        }
    }
}
