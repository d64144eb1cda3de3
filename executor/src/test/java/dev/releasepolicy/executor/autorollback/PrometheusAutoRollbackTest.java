package dev.releasepolicy.executor.autorollback;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.analysis.AnalysisResult;
import dev.releasepolicy.executor.analysis.AnalysisSettings;
import dev.releasepolicy.executor.analysis.MetricAnalysis;
import dev.releasepolicy.executor.analysis.MonitoringSpec;
import dev.releasepolicy.executor.analysis.PrometheusProvider;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.audit.AuditContext;
import dev.releasepolicy.executor.audit.AuditLog;
import dev.releasepolicy.executor.audit.AuditSink;
import dev.releasepolicy.executor.audit.FileAuditSink;
import dev.releasepolicy.executor.audit.InMemoryAuditSink;
import dev.releasepolicy.executor.notify.ReleaseEvent;
import dev.releasepolicy.executor.notify.RetryPolicy;
import dev.releasepolicy.executor.notify.WebhookNotifier;
import dev.releasepolicy.executor.notify.WebhookReceiver;
import dev.releasepolicy.executor.notify.WebhookTarget;
import dev.releasepolicy.executor.wait.Sleeper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reference release 3 (examples/auto-rollback.yaml) end to end against a real Prometheus.
 *
 * <p>One Prometheus per class (the first query result takes ~5 s): started on a free loopback port
 * with a temporary config (scrape every 1 s) and data folder, scraping a simulated application (JDK
 * HttpServer) whose {@code http_requests_total{code=...}} counters follow the weights of an {@link
 * InMemoryTrafficControl}; the test decides how many of the new version's requests fail. The
 * manifest is the reference one with its address, queries (5 s rate windows), intervals (1 s) and
 * durations (seconds instead of minutes) and webhooks (a local receiver, with planted tokens) made
 * local and fast. Skipped when the {@code prometheus} binary is missing (.ci/prometheus.sh installs it).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrometheusAutoRollbackTest {

    static final String URL_TOKEN = "PLANTED-url-token-7f3c";
    static final String PATH_TOKEN = "PLANTEDxPathTokenx0123456789";
    static final String ENV_TOKEN = "PLANTED-env-token-91ab";
    static final String ERROR_RATE = "sum(rate(http_requests_total{app=\"payments-service\",code=~\"5..\"}[5s]))"
            + " / sum(rate(http_requests_total{app=\"payments-service\"}[5s]))";
    static final String LATENCY = "max(test_latency_p99_seconds{app=\"payments-service\"})";

    @TempDir
    static Path dir;

    static LocalPrometheus prometheus;
    static String prometheusUrl;
    static SimulatedApp app;
    static WebhookReceiver receiver;
    static JsonNode manifest;
    static final List<String> printed = new ArrayList<>();

    @BeforeAll
    static void startPrometheus() throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        Assumptions.assumeTrue(binary.isPresent(),
                "prometheus is not installed: run .ci/prometheus.sh (apt-get install prometheus) to run the real-Prometheus test");
        app = new SimulatedApp();
        receiver = new WebhookReceiver();
        Instant started = Instant.now();
        prometheus = LocalPrometheus.start(binary.get(), dir, Duration.ofSeconds(1), app.port());
        prometheusUrl = prometheus.url();
        assertThat(prometheus.awaitValue(ERROR_RATE, Duration.ofSeconds(30)))
                .as("Prometheus never returned the error rate; see " + prometheus.log()).isTrue();
        print("Prometheus ready with data after " + Duration.between(started, Instant.now()).toMillis() + " ms");
        manifest = fastReferenceRelease3();
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (app != null) {
            app.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    /** examples/auto-rollback.yaml with local addresses, fast intervals and webhooks with planted tokens. */
    static JsonNode fastReferenceRelease3() {
        JsonNode tree = new ManifestLoader().load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests().get(0).tree();
        ObjectNode m = (ObjectNode) tree.deepCopy();
        ObjectNode spec = (ObjectNode) m.get("spec");
        ObjectNode monitoring = (ObjectNode) spec.get("monitoring");
        monitoring.put("address", prometheusUrl);
        for (JsonNode metric : monitoring.get("metrics")) {
            ObjectNode o = (ObjectNode) metric;
            o.put("query", o.get("name").asString().equals("errorRate") ? ERROR_RATE : LATENCY);
            o.put("interval", "1s");
        }
        ((ObjectNode) spec.get("rollback").get("automatic").get(0)).put("for", "3s");
        ((ObjectNode) spec.get("rollback").get("automatic").get(1)).put("for", "5s");
        for (JsonNode step : spec.get("strategy").get("canary").get("steps")) {
            if (step.has("analysis")) {
                ((ObjectNode) step.get("analysis")).put("duration", "2s");
            }
        }
        ObjectNode first = (ObjectNode) spec.get("notifications").get(0);
        first.put("webhook", receiver.url("/releases/payments?token=" + URL_TOKEN));
        ObjectNode second = (ObjectNode) spec.get("notifications").get(1);
        second.put("webhook", receiver.url("/hooks/" + PATH_TOKEN));
        ((ObjectNode) second.get("headers")).put("Authorization", "Bearer ${env:ONCALL_TOKEN}");
        // The reference release does not subscribe to Paused; on-call wants to hear about a pause here.
        ((tools.jackson.databind.node.ArrayNode) second.get("events")).add("Paused");
        return m;
    }

    record Release(CanaryRun run, InMemoryTrafficControl traffic, Path auditFile, InMemoryAuditSink stateSink) {
    }

    /** Everything the executor would wire up for one release of the manifest. */
    static Release release(String name, AnalysisSettings settings) {
        InMemoryTrafficControl traffic = new InMemoryTrafficControl(3, w -> app.weights = w);
        MonitoringSpec spec = MonitoringSpec.fromManifest(manifest, settings);
        List<WebhookTarget> targets = WebhookTarget.fromManifest(manifest, Map.of("ONCALL_TOKEN", ENV_TOKEN)::get);
        WebhookNotifier notifier = new WebhookNotifier(targets, HttpClient.newHttpClient(), Sleeper.SYSTEM,
                new RetryPolicy(2, Duration.ofMillis(100), Duration.ofSeconds(2)), Redactor.none());
        Path auditFile = dir.resolve(name + "-audit.jsonl");
        InMemoryAuditSink stateSink = new InMemoryAuditSink();
        AuditLog audit = new AuditLog(AuditSink.tee(new FileAuditSink(auditFile), stateSink), Clock.systemUTC(),
                notifier.redactor());
        AuditContext ctx = new AuditContext("alice", "payments-service", "sha256:5e1f");
        MetricAnalysis analysis = new MetricAnalysis(spec, PrometheusProvider.of(spec.address()), Clock.systemUTC(),
                Sleeper.SYSTEM, settings);
        AutoRollbackWatcher watcher = new AutoRollbackWatcher(new WatchedRelease("payments-service", "5.4.1", "5.4.0"),
                analysis, traffic, notifier, audit, ctx);
        return new Release(new CanaryRun(manifest, watcher, traffic, audit, ctx, Duration.ofSeconds(2)), traffic,
                auditFile, stateSink);
    }

    @Test
    @Order(1)
    void healthyCanary_promotesTo100() throws Exception {
        app.canaryErrorRatio = 0.0;
        Release r = release("healthy", AnalysisSettings.DEFAULTS);
        CanaryRun.Result result = r.run().run();
        assertThat(result.promoted()).as(result.stoppedBy().map(o -> o.analysis().summary()).orElse("")).isTrue();
        assertThat(r.traffic().currentWeights()).isEqualTo(Weights.canary(100));
        assertThat(r.traffic().operations()).containsExactly("setCanaryWeight 10", "setCanaryWeight 50", "setCanaryWeight 100");
        assertThat(AuditLog.verify(r.auditFile()).intact()).isTrue();
        assertThat(bodies()).anyMatch(b -> b.contains("\"event\":\"Succeeded\""));
        print("healthy canary promoted: " + result.steps());
        app.weights = Weights.ALL_STABLE;
    }

    @Test
    @Order(2)
    void injectedErrors_rollBackAutomatically_recoveryVerified_webhookReceived_auditVerifies() throws Exception {
        int before = receiver.calls().size();
        // Every request of the new version fails: 10% errors overall at 10% weight. With 5 s rate
        // windows the measured rate passes 1% about a second after the weight moves.
        app.canaryErrorRatio = 1.0;
        Release r = release("rollback", AnalysisSettings.DEFAULTS);
        Instant begin = Instant.now();
        CanaryRun.Result result = r.run().run();

        assertThat(result.promoted()).isFalse();
        StepOutcome outcome = result.stoppedBy().orElseThrow();
        assertThat(outcome.kind()).as(outcome.analysis().summary()).isEqualTo(StepOutcome.Kind.ROLLED_BACK);
        assertThat(outcome.analysis().metric()).isEqualTo("errorRate");
        assertThat(outcome.analysis().value().getAsDouble()).isGreaterThan(0.01);
        RollbackReport report = outcome.rollback().orElseThrow();
        assertThat(r.traffic().currentWeights()).isEqualTo(Weights.ALL_STABLE);
        assertThat(r.traffic().operations()).containsExactly("setCanaryWeight 10", "restoreStable", "scaleDownNew");
        assertThat(report.recoveryVerified()).as(report.recovery().map(AnalysisResult::reason).orElse("")).isTrue();
        assertThat(report.breachToRestored().orElseThrow()).isLessThan(Duration.ofMinutes(2));

        Duration injectionToRestored = Duration.between(begin, report.trafficRestoredAt().orElseThrow());
        print("breach-to-rollback: first breaching measurement -> traffic restored "
                + report.breachToRestored().orElseThrow().toMillis() + " ms; detection -> restored "
                + report.detectionToRestored().orElseThrow().toMillis() + " ms; errors injected -> restored "
                + injectionToRestored.toMillis() + " ms (cause: " + report.cause() + ")");
        print("recovery verified " + Duration.between(report.trafficRestoredAt().orElseThrow(),
                report.recovery().orElseThrow().decidedAt()).toMillis() + " ms after the rollback: "
                + report.recovery().orElseThrow().reason());

        List<WebhookReceiver.Call> calls = receiver.calls().subList(before, receiver.calls().size());
        assertThat(calls).filteredOn(c -> c.body().contains("\"event\":\"RolledBack\"")).hasSize(2)
                .allSatisfy(c -> assertThat(c.body()).contains("\"text\":\"[release-policy] payments-service 5.4.1: rolled back"));
        assertThat(calls).filteredOn(c -> c.body().contains("\"event\":\"Failed\"")).hasSize(2);
        WebhookReceiver.Call oncall = calls.stream().filter(c -> c.path().startsWith("/hooks/")).findFirst().orElseThrow();
        assertThat(oncall.authorization()).isEqualTo("Bearer " + ENV_TOKEN);
        assertThat(oncall.severity()).isEqualTo("high");

        var verification = AuditLog.verify(r.auditFile());
        assertThat(verification.intact()).as(verification.message()).isTrue();
        assertThat(AuditLog.verify(r.stateSink().lines()).head()).isEqualTo(verification.head());
        String trail = Files.readString(r.auditFile());
        assertThat(trail).contains("\"operation\":\"rollback\"", "\"reason\":\"" + report.cause() + "\"",
                "\"operation\":\"recovery\",\"step\":\"2 (analysis errorRate, latencyP99)\",\"result\":\"verified\"");
        print("audit trail " + r.auditFile().getFileName() + ": " + verification.message());
        app.weights = Weights.ALL_STABLE;
        app.canaryErrorRatio = 0.0;
    }

    @Test
    @Order(3)
    void noSecretAppearsInAuditNotificationsOrOutput() throws Exception {
        StringBuilder everything = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
                everything.append(Files.readString(p));
            }
        }
        bodies().forEach(everything::append);
        printed.forEach(everything::append);
        // A webhook that fails: its error and the audit record of the failure must not show the token either.
        WebhookNotifier failing = new WebhookNotifier(List.of(WebhookTarget.of("http://127.0.0.1:" + LocalPrometheus.freePort()
                + "/x?token=" + URL_TOKEN, java.util.EnumSet.allOf(ReleaseEvent.class), Map.of("X-Hook-Token", ENV_TOKEN))),
                HttpClient.newHttpClient(), Sleeper.SYSTEM, new RetryPolicy(2, Duration.ofMillis(50), Duration.ofSeconds(1)),
                Redactor.none());
        var delivery = failing.notify(new dev.releasepolicy.executor.notify.Notification(ReleaseEvent.FAILED,
                "payments-service", "5.4.1", "", "x", Instant.now())).get(0);
        assertThat(delivery.delivered()).isFalse();
        everything.append(delivery).append(delivery.describe()).append(failing);
        assertThat(everything.toString()).isNotEmpty().doesNotContain(URL_TOKEN, PATH_TOKEN, ENV_TOKEN, "PLANTED");
        assertThat(everything.toString()).contains("token=***");
    }

    @Test
    @Order(4)
    void prometheusStoppedMidRelease_isInconclusive_pausesInsteadOfPromoting() throws Exception {
        Release r = release("inconclusive", AnalysisSettings.DEFAULTS);
        // Prometheus goes away after the first traffic step, before the analysis that would promote
        // (stopping it at a fixed point keeps the test deterministic; MetricAnalysisTest covers a
        // provider that disappears in the middle of an analysis).
        r.run().beforeStep(step -> {
            if (step == 2) {
                try {
                    prometheus.kill();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CanaryRun.Result result = r.run().run();
        assertThat(result.promoted()).isFalse();
        StepOutcome outcome = result.stoppedBy().orElseThrow();
        assertThat(outcome.kind()).as(outcome.analysis().summary()).isEqualTo(StepOutcome.Kind.PAUSED);
        assertThat(outcome.analysis().verdict()).isEqualTo(AnalysisResult.Verdict.INCONCLUSIVE);
        assertThat(outcome.analysis().reason()).contains("unreachable", "a person must decide");
        assertThat(r.traffic().currentWeights()).isEqualTo(Weights.canary(10));
        assertThat(r.traffic().operations()).containsExactly("setCanaryWeight 10");
        assertThat(outcome.notifications()).singleElement().satisfies(d -> {
            assertThat(d.event()).isEqualTo(ReleaseEvent.PAUSED);
            assertThat(d.delivered()).isTrue();
        });
        assertThat(bodies()).anyMatch(b -> b.contains("\"event\":\"Paused\"") && b.contains("traffic kept at stable 90% / new 10%"));
        assertThat(Files.readString(r.auditFile())).contains("\"operation\":\"pause\"", "\"result\":\"inconclusive\"");
        assertThat(AuditLog.verify(r.auditFile()).intact()).isTrue();
        print("Prometheus stopped mid-release: " + outcome.analysis().summary());
    }

    static List<String> bodies() {
        return receiver.calls().stream().map(WebhookReceiver.Call::body).toList();
    }

    static void print(String line) {
        printed.add(line);
        System.out.println("[PrometheusAutoRollbackTest] " + line);
    }

    /**
     * The application under release: serves /metrics with request counters. A ticker adds 400
     * requests a second, split by the current weights; {@code canaryErrorRatio} of the new version's
     * share answers 500.
     */
    static final class SimulatedApp implements AutoCloseable {
        volatile Weights weights = Weights.ALL_STABLE;
        volatile double canaryErrorRatio;
        private double ok;
        private double errors;
        private final HttpServer server;
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

        SimulatedApp() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/metrics", ex -> {
                String text;
                synchronized (this) {
                    text = String.format(Locale.ROOT, """
                            # TYPE http_requests_total counter
                            http_requests_total{code="200"} %.3f
                            http_requests_total{code="500"} %.3f
                            # TYPE test_latency_p99_seconds gauge
                            test_latency_p99_seconds 0.21
                            """, ok, errors);
                }
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, b.length);
                ex.getResponseBody().write(b);
                ex.close();
            });
            server.start();
            ticker.scheduleAtFixedRate(this::tick, 0, 50, TimeUnit.MILLISECONDS);
        }

        private synchronized void tick() {
            double n = 20;
            double err = n * weights.canary() / 100.0 * canaryErrorRatio;
            ok += n - err;
            errors += err;
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            ticker.shutdownNow();
            server.stop(0);
        }
    }

}
