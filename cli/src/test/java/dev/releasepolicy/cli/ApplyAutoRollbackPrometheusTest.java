package dev.releasepolicy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The automatic rollback on the path users run: {@code release-policy plan --format json} and then
 * {@code release-policy apply PLAN --watch --audit-log FILE} (picocli's entry point, in process),
 * against the fabric8 CRUD mock API server (reached through a kubeconfig file) and a real Prometheus
 * scraping a simulated application. Nothing of the executor is replaced: its clock, sleeps, poll
 * interval, Prometheus client, webhooks and audit trail are the ones {@code bin/release-policy} uses.
 *
 * <p>The mesh and the Deployment controller are played by the test: {@link MockCluster} makes
 * Deployments ready, and a poller reads the VirtualService every 20 ms and sends the simulated
 * application's traffic by its weights, so that the error rate Prometheus sees follows the routing
 * the executor writes (and recovers when the rollback restores it).
 *
 * <p>One Prometheus per class (its first query result takes ~5 s), scraping every 1 s. Skipped, with
 * the reason, when the {@code prometheus} binary is missing ({@code .ci/prometheus.sh} installs it).
 * The same scenario at the reference release's own intervals takes about 3 minutes (most of it the recovery
 * check over 1m rate windows) and runs only
 * with {@code -Drelease-policy.slowTests=true} (or RELEASE_POLICY_SLOW_TESTS=true).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplyAutoRollbackPrometheusTest {

    static final String APP = "payments-service";
    /** Not a production namespace: the approvals policy would put a manual approval before the first step. */
    static final String NS = "payments";

    static final String NEW_DEPLOYMENT = "payments-service-5-4-1";
    static final String OLD_DEPLOYMENT = "payments-service-5-4-0";
    static final String URL_TOKEN = "PLANTED-url-token-7f3c";
    static final String PATH_TOKEN = "PLANTEDxPathTokenx0123456789";
    static final String HEADER_TOKEN = "PLANTED-header-token-91ab";
    static final String SLOW = "release-policy.slowTests";

    /** The error share of all requests over {@code window}, as the release's errorRate metric. */
    static String errorRate(String window) {
        return "sum(rate(http_requests_total{app=\"payments-service\",code=~\"5..\"}[" + window + "]))"
                + " / sum(rate(http_requests_total{app=\"payments-service\"}[" + window + "]))";
    }

    record Run(int exit, String out, String err) {}

    @TempDir
    static Path shared;

    static SimulatedApp app;
    static LocalPrometheus prometheus;
    static Hooks hooks;
    /** What the rollback scenario printed, wrote and sent, for the planted-token check. */
    static final List<String> everything = new CopyOnWriteArrayList<>();

    @TempDir
    Path dir;

    MockCluster cluster;
    ScheduledExecutorService mesh;
    final AtomicLong errorsOnAt = new AtomicLong();
    final AtomicLong restoredAt = new AtomicLong();
    Map<String, Object> vsBefore;

    static final String SKIPPED_WITHOUT_PROMETHEUS = "real-Prometheus suite SKIPPED: the prometheus binary is not"
            + " installed (not on the PATH, no $PROMETHEUS_BIN): run .ci/prometheus.sh (apt-get install prometheus)"
            + " to run it";

    @BeforeAll
    static void startPrometheus() throws Exception {
        Optional<Path> binary = LocalPrometheus.binary();
        if (binary.isEmpty()) {
            // Surefire shows an aborted class only as "Skipped: n"; the README promises the reason.
            System.out.println(SKIPPED_WITHOUT_PROMETHEUS);
        }
        Assumptions.assumeTrue(binary.isPresent(), SKIPPED_WITHOUT_PROMETHEUS);
        app = new SimulatedApp(APP, "5.4.0", "5.4.1");
        hooks = new Hooks();
        long t = System.nanoTime();
        prometheus =
                LocalPrometheus.start(binary.get(), shared.resolve("prometheus"), Duration.ofSeconds(1), app.port());
        assertThat(prometheus.awaitValue(errorRate("5s"), Duration.ofSeconds(60)))
                .as("Prometheus never returned the error rate; see " + prometheus.log())
                .isTrue();
        System.out.println("[ApplyAutoRollbackPrometheusTest] Prometheus answered with data after "
                + (System.nanoTime() - t) / 1_000_000 + " ms");
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (app != null) {
            app.close();
        }
        if (hooks != null) {
            hooks.close();
        }
    }

    @BeforeEach
    void startCluster() throws Exception {
        cluster = new MockCluster(dir, NS);
        preload(cluster);
        vsBefore = spec(cluster.get(MockCluster.VIRTUAL_SERVICE, APP).orElseThrow());
        app.canaryWeight = 0;
        app.canaryErrors = false;
        hooks.calls.clear();
        mesh = Executors.newSingleThreadScheduledExecutor();
        mesh.scheduleWithFixedDelay(this::followTheVirtualService, 0, 20, TimeUnit.MILLISECONDS);
    }

    @AfterEach
    void stopCluster() throws Exception {
        mesh.shutdownNow();
        mesh.awaitTermination(5, TimeUnit.SECONDS);
        cluster.close();
        app.canaryErrors = false;
        app.canaryWeight = 0;
    }

    /** The mesh: traffic follows the live weights; notes when the routing is back as before the release. */
    private void followTheVirtualService() {
        try {
            Optional<GenericKubernetesResource> vs = cluster.get(MockCluster.VIRTUAL_SERVICE, APP);
            if (vs.isEmpty()) {
                return;
            }
            app.canaryWeight = canaryWeight(vs.get());
            if (errorsOnAt.get() != 0 && restoredAt.get() == 0 && spec(vs.get()).equals(vsBefore)) {
                restoredAt.set(System.nanoTime());
            }
        } catch (RuntimeException e) {
            // the server is shutting down
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    /** The weight of subset "canary" on the first route (0 when absent, as before the release). */
    @SuppressWarnings("unchecked")
    static int canaryWeight(GenericKubernetesResource vs) {
        List<Map<String, Object>> http = (List<Map<String, Object>>) spec(vs).get("http");
        for (Map<String, Object> d : (List<Map<String, Object>>) http.get(0).get("route")) {
            Map<String, Object> dest = (Map<String, Object>) d.get("destination");
            if ("canary".equals(dest.get("subset"))) {
                return ((Number) d.getOrDefault("weight", 0)).intValue();
            }
        }
        return 0;
    }

    /**
     * The cluster before the release, as the plan expects it: the previous version's Deployment
     * (ready), its Service, and the application's VirtualService (all traffic to the Service) and
     * DestinationRule (no subsets yet).
     */
    static void preload(MockCluster c) {
        c.createDeployment("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: payments-service-5-4-0
                  namespace: payments
                  labels: {app: payments-service, version: 5.4.0}
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: payments-service, version: 5.4.0}
                  template:
                    metadata:
                      labels: {app: payments-service, version: 5.4.0}
                    spec:
                      containers:
                      - name: payments-service
                        image: registry.example.com/payments/payments-service:5.4.0
                        ports: [{name: http, containerPort: 9090}]
                """);
        c.client()
                .services()
                .inNamespace(NS)
                .resource(Serialization.unmarshal("""
                apiVersion: v1
                kind: Service
                metadata: {name: payments-service, namespace: payments, labels: {app: payments-service}}
                spec:
                  selector: {app: payments-service}
                  ports: [{name: http, port: 80, targetPort: 9090}]
                """, Service.class))
                .create();
        c.create(MockCluster.VIRTUAL_SERVICE, """
                apiVersion: networking.istio.io/v1
                kind: VirtualService
                metadata: {name: payments-service, namespace: payments, labels: {app: payments-service}}
                spec:
                  hosts: [payments-service.payments.svc.cluster.local]
                  http:
                  - name: primary
                    route:
                    - destination: {host: payments-service.payments.svc.cluster.local}
                """);
        c.create(MockCluster.DESTINATION_RULE, """
                apiVersion: networking.istio.io/v1
                kind: DestinationRule
                metadata: {name: payments-service, namespace: payments, labels: {app: payments-service}}
                spec:
                  host: payments-service.payments.svc.cluster.local
                  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
                """);
    }

    /**
     * Reference release 3 (examples/auto-rollback.yaml) as a canary that pauses at 10% and watches its
     * trigger, made fast: 5 s rate windows, a 1 s metric interval and a 2 s {@code for}.
     */
    static String fastManifest(String prometheusUrl, String hook, String steps) {
        return """
                apiVersion: releasepolicy.dev/v1
                kind: Release
                metadata:
                  name: payments-service-5-4-1
                spec:
                  application: payments-service
                  namespace: payments
                  version: "5.4.1"
                  image: registry.example.com/payments/payments-service:5.4.1
                  replicas: 3
                  strategy:
                    type: Canary
                    canary:
                      trafficRouting:
                        istio: {virtualService: payments-service, destinationRule: payments-service}
                      steps:
                %s
                  healthCheck: {path: /healthz, port: 9090, timeout: 2m}
                  window:
                    timezone: Asia/Shanghai
                    allow:
                      - {days: [Tue, Wed, Thu], from: "22:00", to: "02:00"}
                  rollback:
                    to: "5.4.0"
                    image: registry.example.com/payments/payments-service:5.4.0
                    rehearsed: {environment: staging, at: "2026-11-20"}
                    automatic:
                      - {metric: errorRate, above: 0.01, for: 2s}
                  monitoring:
                    provider: prometheus
                    address: %s
                    metrics:
                      - name: errorRate
                        query: '%s'
                        max: 0.01
                        interval: 1s
                    dashboards: [https://grafana.example.com/d/payments-service/release]
                    alerts: [PaymentsServiceHighErrorRate]
                  dataCompatibility:
                    {schemaChanges: false, backwardCompatible: true, forwardCompatible: true, migrations: []}
                  checklist:
                    testsPassed: true
                    configUpdated: true
                    dependenciesConfirmed: true
                    databaseChangesPrepared: true
                    strategyChosen: true
                    rollbackPlanReady: true
                    windowSet: true
                    peopleNotified: true
                    metricsConfigured: true
                    alertsSet: true
                    dashboardsReady: true
                    onCallInPlace: true
                  notifications:
                    - webhook: %s
                      events: [Started, Paused, Succeeded, Failed, RolledBack]
                      headers: {Authorization: "Bearer ${env:RP_TEST_HOOK_AUTH}"}
                """.formatted(steps.indent(8).stripTrailing(), prometheusUrl, errorRate("5s"), hook);
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code release-policy plan --format json} of the manifest, at a time inside its release window. */
    Path plan(String manifestText) throws IOException {
        Path manifest = dir.resolve("payments-service.yaml");
        Files.writeString(manifest, manifestText);
        Path plan = dir.resolve("plan.json");
        Run p = run(
                "plan",
                "--now",
                "2026-12-01T15:00:00Z",
                "--format",
                "json",
                "--output",
                plan.toString(),
                manifest.toString());
        assertThat(p.exit()).as(p.out() + p.err()).isZero();
        return plan;
    }

    /** {@code release-policy apply PLAN --watch ...} on its own thread (it runs as long as the release). */
    CompletableFuture<Run> applyWatching(Path plan, Path auditLog) {
        return CompletableFuture.supplyAsync(() -> run(
                "apply",
                plan.toString(),
                "--watch",
                "--kubeconfig",
                cluster.kubeconfig().toString(),
                "--audit-log",
                auditLog.toString()));
    }

    static void await(String what, Duration timeout, BooleanSupplier done) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting for " + what).isLessThan(until);
            Thread.sleep(20);
        }
    }

    @Test
    @Order(1)
    void errorsAtTheFirstWeight_applyRollsBackByItself_routingRestored_notified_audited_recoveryVerified()
            throws Exception {
        assertThat(List.of(
                        System.getenv("RP_TEST_HOOK_PATH"),
                        System.getenv("RP_TEST_HOOK_TOKEN"),
                        System.getenv("RP_TEST_HOOK_AUTH")))
                .as("the webhook secrets, set as environment variables by cli/pom.xml's surefire configuration")
                .containsExactly(PATH_TOKEN, URL_TOKEN, HEADER_TOKEN);
        // The manifest refers to its secrets; the plan keeps the references and apply resolves them.
        String hook = hooks.url("/releases/${env:RP_TEST_HOOK_PATH}?token=${env:RP_TEST_HOOK_TOKEN}");
        Path plan = plan(fastManifest(prometheus.url(), hook, """
                - setWeight: 10
                - pause: {duration: 60s}
                - setWeight: 100
                - pause: {duration: 5s}
                """));
        Path audit = dir.resolve("audit/payments-service.jsonl");
        long applyStarted = System.nanoTime();
        CompletableFuture<Run> apply = applyWatching(plan, audit);

        await("the canary at 10%", Duration.ofSeconds(60), () -> app.canaryWeight == 10 || apply.isDone());
        assertThat(apply).as("apply ended before the canary reached 10%").isNotDone();
        // A few healthy measurements at 10% first: the pause must not roll back a healthy canary.
        Thread.sleep(3_000);
        applyStarted += 3_000_000_000L;
        assertThat(app.canaryWeight).isEqualTo(10);
        errorsOnAt.set(System.nanoTime());
        app.canaryErrors = true;

        Run r = apply.get(3, TimeUnit.MINUTES);
        long applyEnded = System.nanoTime();
        r.out().lines().forEach(l -> System.out.println("[apply] " + l));
        System.out.println("[ApplyAutoRollbackPrometheusTest] canary at 10% after "
                + (errorsOnAt.get() - applyStarted) / 1_000_000
                + " ms (+3 s healthy), apply ended " + (applyEnded - restoredAt.get()) / 1_000_000
                + " ms after traffic was restored (recovery check, notifications, audit)");
        assertThat(restoredAt.get())
                .as("the poller saw the VirtualService as before the release")
                .isNotZero();
        long breachToRestored = (restoredAt.get() - errorsOnAt.get()) / 1_000_000;
        System.out.println("breach to traffic restored: " + breachToRestored + " ms");

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out())
                .contains(
                        "automatic rollback: FAILED: errorRate = ",
                        "rollback.automatic[0] (errorRate above 0.01 for 2s) fired",
                        "recovery verified",
                        "Rolled back: rolled back to 5.4.0: ");
        assertThat(breachToRestored)
                .as("errors on -> routing as before the release")
                .isLessThan(20_000);

        // The cluster: routing exactly as before the release, the new version's Deployment gone (the
        // plan's DELETE_NEW compensation), the previous one untouched.
        assertThat(spec(cluster.get(MockCluster.VIRTUAL_SERVICE, APP).orElseThrow()))
                .isEqualTo(vsBefore);
        assertThat(spec(cluster.get(MockCluster.DESTINATION_RULE, APP).orElseThrow()))
                .isEqualTo(Map.of(
                        "host",
                        "payments-service.payments.svc.cluster.local",
                        "trafficPolicy",
                        Map.of("tls", Map.of("mode", "ISTIO_MUTUAL"))));
        assertThat(cluster.deployment(NEW_DEPLOYMENT)).isEmpty();
        Deployment old = cluster.deployment(OLD_DEPLOYMENT).orElseThrow();
        assertThat(old.getSpec().getReplicas()).isEqualTo(3);

        // People were told, with the cause.
        List<Hooks.Call> calls = List.copyOf(hooks.calls);
        assertThat(calls).extracting(Hooks.Call::event).containsSubsequence("Started", "Failed", "RolledBack");
        Hooks.Call rolledBack = calls.stream()
                .filter(c -> c.event().equals("RolledBack"))
                .findFirst()
                .orElseThrow();
        assertThat(rolledBack.body())
                .contains("rolled back to 5.4.0", "errorRate", "rollback.automatic[0]", "recovery verified");
        assertThat(rolledBack.authorization()).isEqualTo("Bearer " + HEADER_TOKEN);
        assertThat(rolledBack.path()).isEqualTo("/releases/" + PATH_TOKEN);
        assertThat(calls.stream()
                        .filter(c -> c.event().equals("Failed"))
                        .findFirst()
                        .orElseThrow()
                        .body())
                .contains("automatic rollback", "errorRate");

        // The audit trail: the local file and the cluster's copy are the same intact chain.
        Run verify = run("audit", "verify", audit.toString());
        assertThat(verify.exit()).as(verify.out() + verify.err()).isZero();
        Run export = run(
                "audit",
                "export",
                APP,
                "-n",
                NS,
                "--kubeconfig",
                cluster.kubeconfig().toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.err()).contains("intact");
        assertThat(export.out().lines().toList()).isEqualTo(Files.readAllLines(audit));
        String trail = Files.readString(audit);
        assertThat(trail)
                .contains(
                        "\"operation\":\"rollback\"",
                        "rollback.automatic[0] (errorRate above 0.01 for 2s) fired",
                        "\"operation\":\"recovery\"");

        Run status = run(
                "status", APP, "-n", NS, "--kubeconfig", cluster.kubeconfig().toString());
        assertThat(status.out()).contains(": RolledBack", "recovery verified");

        everything.addAll(
                List.of(r.out(), r.err(), trail, export.out(), export.err(), status.out(), Files.readString(plan)));
        calls.forEach(c -> everything.add(c.body()));
        cluster.client()
                .configMaps()
                .inNamespace(NS)
                .list()
                .getItems()
                .forEach(cm -> everything.add(String.valueOf(cm.getData())));
    }

    @Test
    @Order(2)
    void plantedWebhookSecrets_appearInNoOutputAuditRecordStateOrNotification() {
        Assumptions.assumeFalse(everything.isEmpty(), "runs after the rollback scenario");
        String all = String.join("\n", everything);
        assertThat(all)
                .contains("token=${env:RP_TEST_HOOK_TOKEN}")
                .doesNotContain(URL_TOKEN, PATH_TOKEN, HEADER_TOKEN, "PLANTED");
    }

    @Test
    @Order(3)
    void prometheusKilledDuringTheAnalysis_inconclusive_theReleasePausesAtItsWeight_neitherPromotedNorRolledBack()
            throws Exception {
        Path plan = plan(fastManifest(prometheus.url(), hooks.url("/hooks/payments"), """
                - setWeight: 10
                - analysis: {metrics: [errorRate], duration: 30s}
                - setWeight: 100
                """));
        Path audit = dir.resolve("audit.jsonl");
        CompletableFuture<Run> apply = applyWatching(plan, audit);
        await("the canary at 10%", Duration.ofSeconds(60), () -> app.canaryWeight == 10 || apply.isDone());
        Thread.sleep(1_500);
        prometheus.kill();

        Run r = apply.get(2, TimeUnit.MINUTES);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out())
                .contains(
                        "Stopped: analysis inconclusive at",
                        "unreachable",
                        "release-policy approve payments-service",
                        "release-policy rollback payments-service");
        assertThat(canaryWeight(cluster.get(MockCluster.VIRTUAL_SERVICE, APP).orElseThrow()))
                .isEqualTo(10);
        assertThat(cluster.deployment(NEW_DEPLOYMENT)).isPresent();
        assertThat(hooks.calls).extracting(Hooks.Call::event).contains("Paused").doesNotContain("Failed", "RolledBack");
        assertThat(hooks.calls.stream()
                        .filter(c -> c.event().equals("Paused"))
                        .findFirst()
                        .orElseThrow()
                        .body())
                .contains("analysis inconclusive");
        Run status = run(
                "status", APP, "-n", NS, "--kubeconfig", cluster.kubeconfig().toString());
        assertThat(status.out()).contains(": AwaitingApproval", "analysis inconclusive");
        assertThat(Files.readString(audit)).contains("\"operation\":\"pause\"");
        assertThat(run("audit", "verify", audit.toString()).exit()).isZero();
    }

    /**
     * examples/auto-rollback.yaml as written — its steps (setWeight 10, analysis 5m, ...), metric
     * intervals (30s) and failure limits, its triggers (for 2m, 5m), 1m rate windows — with only what
     * must point elsewhere changed: the Prometheus address, queries over the simulated application's
     * metrics, local webhooks, and a namespace that is not production (so no approval step stops apply).
     */
    static String referenceRelease3(String prometheusUrl, String hook) throws IOException {
        String text = Files.readString(Path.of("..", "examples", "auto-rollback.yaml"));
        String out = text;
        out = replaceOnce(out, "namespace: prod", "namespace: payments");
        out = replaceOnce(out, "http://prometheus.monitoring.svc:9090", prometheusUrl);
        out = out.replaceFirst(
                "(?m)^(\\s+query: )'sum\\(rate\\(grpc_server_handled_total.*$",
                "$1'" + errorRate("1m").replace("$", "\\$") + "'");
        out = out.replaceFirst(
                "(?m)^(\\s+query: )'histogram_quantile.*$",
                "$1'max(test_latency_p99_seconds{app=\"payments-service\"})'");
        out = replaceOnce(out, "https://hooks.example.com/releases/payments", hook);
        out = replaceOnce(out, "https://oncall.example.com/hooks/payments", hook.replace("/releases", "/oncall"));
        out = out.replaceFirst("(?m)^  approvals:\\n    required: 1\\n    approvers: \\[payments-lead\\]\\n", "");
        assertThat(out).doesNotContain("grpc_", "approvals:", "example.com/hooks", "prometheus.monitoring");
        return out;
    }

    static String replaceOnce(String text, String what, String with) {
        assertThat(text).contains(what);
        return text.replace(what, with);
    }

    static boolean slowTestsEnabled() {
        return Boolean.getBoolean(SLOW) || "true".equals(System.getenv("RELEASE_POLICY_SLOW_TESTS"));
    }

    @Test
    @Order(4)
    void referenceRelease3AtItsOwnIntervals_errorsAtTheFirstWeight_rolledBackWithinTwoMinutes() throws Exception {
        Assumptions.assumeTrue(
                slowTestsEnabled(),
                "about 3 minutes: run with -D" + SLOW + "=true (or RELEASE_POLICY_SLOW_TESTS=true)");
        for (String cm : List.of("payments-service-config-5-4-1", "payments-service-config-5-4-0")) {
            cluster.client()
                    .configMaps()
                    .inNamespace(NS)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName(cm)
                            .withNamespace(NS)
                            .endMetadata()
                            .addToData("APP", APP)
                            .build())
                    .create();
        }
        // Prometheus at the scrape interval of its example configuration (15 s), not the fast 1 s.
        try (LocalPrometheus slow = LocalPrometheus.start(
                LocalPrometheus.binary().orElseThrow(),
                dir.resolve("prometheus"),
                Duration.ofSeconds(15),
                app.port())) {
            assertThat(slow.awaitValue(errorRate("1m"), Duration.ofSeconds(90)))
                    .as("see " + slow.log())
                    .isTrue();
            Path plan = plan(referenceRelease3(slow.url(), hooks.url("/releases/payments")));
            Path audit = dir.resolve("audit.jsonl");
            CompletableFuture<Run> apply = applyWatching(plan, audit);
            await("the canary at 10%", Duration.ofSeconds(90), () -> app.canaryWeight == 10 || apply.isDone());
            assertThat(apply).as("apply ended before the canary reached 10%").isNotDone();
            errorsOnAt.set(System.nanoTime());
            app.canaryErrors = true;

            Run r = apply.get(5, TimeUnit.MINUTES);
            r.out().lines().forEach(l -> System.out.println("[apply, defaults] " + l));
            assertThat(restoredAt.get()).as(r.out()).isNotZero();
            long breachToRestored = (restoredAt.get() - errorsOnAt.get()) / 1_000_000;
            System.out.println("breach to traffic restored: " + breachToRestored + " ms");
            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
            assertThat(r.out()).contains("analysis failed: FAILED: errorRate = ", "Rolled back: rolled back to 5.4.0");
            assertThat(breachToRestored)
                    .as("the 2-minute promise of the release standard")
                    .isLessThan(120_000);
            assertThat(spec(cluster.get(MockCluster.VIRTUAL_SERVICE, APP).orElseThrow()))
                    .isEqualTo(vsBefore);
            assertThat(cluster.deployment(NEW_DEPLOYMENT)).isEmpty();
            assertThat(run("audit", "verify", audit.toString()).exit()).isZero();
        }
    }

    /** A webhook receiver on this machine: every call's path, event, Authorization header and body. */
    static final class Hooks implements AutoCloseable {

        record Call(String path, String event, String authorization, String body) {}

        private static final Pattern EVENT = Pattern.compile("\"event\"\\s*:\\s*\"(\\w+)\"");
        final List<Call> calls = new CopyOnWriteArrayList<>();
        private final HttpServer server;

        Hooks() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = EVENT.matcher(body);
                calls.add(new Call(
                        ex.getRequestURI().getPath(),
                        m.find() ? m.group(1) : "",
                        String.valueOf(ex.getRequestHeaders().getFirst("Authorization")),
                        body));
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            server.start();
        }

        String url(String pathAndQuery) {
            return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
