package dev.releasepolicy.executor.autorollback;

import static dev.releasepolicy.executor.analysis.ScriptedProvider.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.analysis.ScriptedProvider;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.InMemoryAuditSink;
import dev.releasepolicy.executor.notify.DeliveryResult;
import dev.releasepolicy.executor.notify.Notification;
import dev.releasepolicy.executor.notify.Notifier;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.testing.FakeTime;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class AutoRollbackWatcherTest {

    static final Instant T0 = Instant.parse("2026-12-01T15:00:00Z");
    static final List<String> METRICS = List.of("errorRate", "latencyP99");

    final FakeTime time = new FakeTime(T0);
    final ScriptedProvider provider = new ScriptedProvider(time);
    final InMemoryTrafficControl traffic = new InMemoryTrafficControl();
    final InMemoryAuditSink trail = new InMemoryAuditSink();
    final List<Notification> sent = new ArrayList<>();
    MonitoringSpec spec;

    /** Reference release 3, optionally without interval/failureLimit (the tool's defaults apply). */
    MonitoringSpec spec(boolean defaults) {
        JsonNode tree = new ManifestLoader().load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests().get(0).tree();
        ObjectNode copy = (ObjectNode) tree.deepCopy();
        if (defaults) {
            copy.path("spec").path("monitoring").path("metrics")
                    .forEach(m -> ((ObjectNode) m).remove(List.of("interval", "failureLimit")));
        }
        return MonitoringSpec.fromManifest(copy, AnalysisSettings.DEFAULTS);
    }

    AutoRollbackWatcher watcher(boolean defaults, AnalysisSettings settings, Function<Duration, QueryResult> errorRate,
            Notifier notifier) {
        spec = spec(defaults);
        provider.on(spec.metric("errorRate").orElseThrow().query(), errorRate)
                .on(spec.metric("latencyP99").orElseThrow().query(), t -> value(0.25));
        MetricAnalysis analysis = new MetricAnalysis(spec, provider, time, time, settings);
        return new AutoRollbackWatcher(new WatchedRelease("payments-service", "5.4.1", "5.4.0"), analysis, traffic, notifier,
                new AuditLog(trail, time, Redactor.none()), new AuditContext("alice", "payments-service", "sha256:f00d"));
    }

    Notifier recording() {
        return new Notifier() {
            @Override
            public List<DeliveryResult> notify(Notification n) {
                sent.add(n);
                return List.of(new DeliveryResult("https://hooks.example.com/x", n.event(), true, 1, 200, ""));
            }

            @Override
            public Redactor redactor() {
                return Redactor.none();
            }
        };
    }

    @Test
    void analysisStep_healthy_continues() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS, t -> value(0.001), recording());
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2 (analysis)", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.CONTINUE);
        assertThat(traffic.currentWeights()).isEqualTo(Weights.canary(10));
        assertThat(sent).isEmpty();
        assertThat(trail.lines()).singleElement().asString().contains("\"operation\":\"analysis\"", "\"result\":\"successful\"");
    }

    @Test
    void analysisStep_errorRateAboveOnePercent_rollsBackVerifiesRecoveryNotifiesAndAudits() throws Exception {
        // Errors from 60 s on; after the rollback (traffic back on stable) they stop.
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS,
                t -> value(traffic.currentWeights().canary() > 0 && t.toSeconds() >= 60 ? 0.05 : 0.0), recording());
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2 (analysis)", METRICS, Duration.ofMinutes(5));

        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        RollbackReport r = o.rollback().orElseThrow();
        assertThat(r.cause()).isEqualTo("errorRate = 0.05 is above max 0.01 (1 failed measurement in a row, failureLimit 0)");
        assertThat(traffic.operations()).containsExactly("setCanaryWeight 10", "restoreStable", "scaleDownNew");
        assertThat(traffic.newReplicas()).isZero();
        assertThat(r.breachToRestored()).hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofMinutes(2)));
        assertThat(r.recoveryVerified()).isTrue();
        assertThat(sent).extracting(Notification::event).containsExactly(ReleaseEvent.FAILED, ReleaseEvent.ROLLED_BACK);
        assertThat(sent.get(1).text()).contains("payments-service 5.4.1: rolled back at step 2 (analysis)",
                "rolled back to 5.4.0", "Cause: errorRate = 0.05 is above max 0.01", "Recovery verified");
        List<String> lines = trail.lines();
        assertThat(AuditLog.verify(lines).intact()).isTrue();
        assertThat(String.join("\n", lines)).contains("\"operation\":\"analysis\"", "\"result\":\"failed\"",
                "\"operation\":\"traffic\"", "\"result\":\"restored\"", "\"operation\":\"recovery\"", "\"result\":\"verified\"",
                "\"operation\":\"rollback\"", "\"result\":\"rolled back\"", "\"actor\":\"release-policy (automatic)\"");
    }

    @Test
    void defaults_sustainedBreachIsRolledBackWithinTwoMinutes() throws Exception {
        // No interval/failureLimit in the manifest: 10 s and 2 apply. The breach begins at 95 s.
        AutoRollbackWatcher w = watcher(true, AnalysisSettings.DEFAULTS,
                t -> value(traffic.currentWeights().canary() > 0 && t.toSeconds() >= 95 ? 0.02 : 0.0), recording());
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2 (analysis)", METRICS, Duration.ofMinutes(5));
        RollbackReport r = o.rollback().orElseThrow();
        assertThat(r.breachSince()).contains(T0.plusSeconds(100));
        assertThat(r.breachToRestored()).contains(Duration.ofSeconds(20));
        assertThat(r.cause()).contains("3 failed measurements in a row, failureLimit 2");
    }

    @Test
    void watch_triggerHeldForItsDuration_rollsBack() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS,
                t -> value(traffic.currentWeights().canary() > 0 && t.toSeconds() >= 30 ? 0.02 : 0.0), recording());
        traffic.setCanaryWeight(100);
        StepOutcome o = w.watch("after the last step", Duration.ofMinutes(10));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(o.rollback().orElseThrow().cause()).contains("rollback.automatic[0] (errorRate above 0.01 for 2m) fired");
    }

    @Test
    void analysisStep_inconclusive_pausesWithoutPromotingOrRollingBack() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS,
                t -> t.toSeconds() >= 60 ? new QueryResult.Unavailable("Prometheus at http://prom:9090 is unreachable") : value(0.0),
                recording());
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2 (analysis)", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.PAUSED);
        assertThat(traffic.operations()).containsExactly("setCanaryWeight 10");
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.event()).isEqualTo(ReleaseEvent.PAUSED);
            assertThat(n.reason()).contains("traffic kept at stable 90% / new 10%", "unreachable");
        });
        assertThat(String.join("\n", trail.lines())).contains("\"operation\":\"pause\"");
    }

    @Test
    void analysisStep_inconclusiveWithRollbackSetting_rollsBack() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS.withInconclusive(AnalysisSettings.OnInconclusive.ROLLBACK)
                .withRecovery(2, Duration.ofMinutes(1)), t -> new QueryResult.NoData("empty"), recording());
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2", METRICS, Duration.ofMinutes(1));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(o.rollback().orElseThrow().recoveryVerified()).isFalse();
        assertThat(sent.get(1).text()).contains("Recovery NOT verified");
    }

    @Test
    void rollback_trafficCannotBeRestored_isReportedAndNotified() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS, t -> value(0.05), recording());
        traffic.setCanaryWeight(10);
        traffic.failRestores(3, new IllegalStateException("VirtualService payments-service: 409 Conflict"));
        StepOutcome o = w.analysisStep("2", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLBACK_FAILED);
        assertThat(o.rollback().orElseThrow().error()).contains("409 Conflict");
        assertThat(sent).singleElement().satisfies(n -> assertThat(n.text()).contains("automatic rollback FAILED"));
        assertThat(AuditLog.verify(trail.lines()).intact()).isTrue();
    }

    @Test
    void failedNotification_doesNotStopTheRollback_andIsAudited() throws Exception {
        Notifier failing = new Notifier() {
            @Override
            public List<DeliveryResult> notify(Notification n) {
                return List.of(new DeliveryResult("https://hooks.slack.com/services/***", n.event(), false, 3, 503, "HTTP 503"));
            }

            @Override
            public Redactor redactor() {
                return Redactor.none();
            }
        };
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS,
                t -> value(traffic.currentWeights().canary() > 0 ? 0.05 : 0.0), failing);
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(o.rollback().orElseThrow().failedNotifications()).hasSize(2);
        assertThat(String.join("\n", trail.lines())).contains("\"operation\":\"notification\"", "FAILED, HTTP 503");
    }

    @Test
    void rollback_retriesAConflictingRestore() throws Exception {
        AutoRollbackWatcher w = watcher(false, AnalysisSettings.DEFAULTS,
                t -> value(traffic.currentWeights().canary() > 0 ? 0.05 : 0.0), recording());
        traffic.setCanaryWeight(10);
        traffic.failRestores(1, new IllegalStateException("409 Conflict"));
        StepOutcome o = w.analysisStep("2", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(traffic.operations()).containsExactly("setCanaryWeight 10", "restoreStable FAILED", "restoreStable", "scaleDownNew");
    }

    @Test
    void failingAuditSink_neverStopsTheRollback_andIsReported() throws Exception {
        spec = spec(false);
        provider.on(spec.metric("errorRate").orElseThrow().query(), t -> value(traffic.currentWeights().canary() > 0 ? 0.05 : 0.0))
                .on(spec.metric("latencyP99").orElseThrow().query(), t -> value(0.25));
        dev.releasepolicy.executor.audit.AuditSink broken = new dev.releasepolicy.executor.audit.AuditSink() {
            @Override
            public void append(String line) throws java.io.IOException {
                throw new java.io.IOException("configmaps \"payments-service-release\" 409 Conflict");
            }

            @Override
            public List<String> lines() {
                return List.of();
            }
        };
        AutoRollbackWatcher w = new AutoRollbackWatcher(new WatchedRelease("payments-service", "5.4.1", "5.4.0"),
                new MetricAnalysis(spec, provider, time, time, AnalysisSettings.DEFAULTS), traffic, recording(),
                new AuditLog(broken, time, Redactor.none()), new AuditContext("alice", "payments-service", "sha256:f00d"));
        traffic.setCanaryWeight(10);
        StepOutcome o = w.analysisStep("2", METRICS, Duration.ofMinutes(5));
        assertThat(o.kind()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(traffic.currentWeights()).isEqualTo(Weights.ALL_STABLE);
        assertThat(o.auditFailures()).isNotEmpty().first().asString().contains("analysis failed at 2", "409 Conflict");
    }

    @Test
    void forManifest_wiresReferenceRelease3WithDefaults() {
        JsonNode tree = new ManifestLoader().load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests().get(0).tree();
        AutoRollbackWatcher w = AutoRollbackWatcher.forManifest(tree, traffic, new AuditLog(trail, time, Redactor.none()),
                new AuditContext("alice", "payments-service", "sha256:f00d"));
        assertThat(w.release()).isEqualTo(new WatchedRelease("payments-service", "5.4.1", "5.4.0"));
    }
}
