package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.MetricSpec;
import dev.releasepolicy.core.plan.ObjectRef;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.core.policy.PolicyConfig;
import dev.releasepolicy.executor.analysis.HttpChecks;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.analysis.ScriptedProvider;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue 17 example, {@code examples/checks-canary/release.yaml}, run on the fabric8 mock API server: its
 * pre-rollout smoke test is a Job (the mock server's Job status is played by the test's controllers), its
 * load test a webhook and its p99 latency a web check, both answered by a real HTTP server in the test
 * (the example's URLs are pointed at it), its error rate a scripted Prometheus query.
 */
class ChecksCanaryTest {

    static final String EXAMPLE = "checks-canary/release.yaml";
    static final String DD_KEY = "dd-key-PLANTED-7f3a";

    @AutoClose
    private static final MockApi api = new MockApi();

    @TempDir
    Path dir;

    HttpServer http;
    final List<String> loadTestBodies = Collections.synchronizedList(new ArrayList<>());
    final List<String> webKeys = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger loadTestStatus = new AtomicInteger(202);
    final AtomicInteger acceptanceCalls = new AtomicInteger();
    final AtomicInteger acceptanceStatus = new AtomicInteger(200);

    @BeforeEach
    void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/start", ex -> {
            loadTestBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            JsonAnswer.send(ex, loadTestStatus.get(), "{\"ok\":true}");
        });
        http.createContext("/acceptance", ex -> {
            acceptanceCalls.incrementAndGet();
            JsonAnswer.send(ex, acceptanceStatus.get(), "{}");
        });
        http.createContext("/api/v1/query", ex -> {
            webKeys.add(String.valueOf(ex.getRequestHeaders().getFirst("DD-API-KEY")));
            JsonAnswer.send(ex, 200, "{\"series\":[{\"value\":0.12}]}");
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    /** The example with its load tester and metrics API at the test's HTTP server. */
    private Path example() throws IOException {
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String text = Files.readString(ReferenceReleases.examples().resolve(EXAMPLE))
                .replace("http://loadtester.test", base)
                .replace("https://metrics.example.com", base);
        Path file = dir.resolve("release.yaml");
        Files.writeString(file, text);
        // its errorRate is a metric template of the folder's configuration (in the file it includes): the plan
        // holds the expanded query
        for (String name : List.of(PolicyConfig.DEFAULT_FILE, "metric-templates.yaml")) {
            Files.copy(ReferenceReleases.examples().resolve(EXAMPLE).resolveSibling(name), file.resolveSibling(name));
        }
        return file;
    }

    /** A harness whose analyzer is the real one: scripted Prometheus, real HTTP checks, env with DD_KEY. */
    private Harness harness(double errorRate) throws IOException {
        return harness(errorRate, example());
    }

    /** The example whose afterRollback also calls an acceptance webhook against the previous version. */
    private Path exampleWithAcceptanceWebhook() throws IOException {
        Path file = example();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String text = Files.readString(file)
                .replace("metrics: [smoke-stable]", "metrics: [smoke-stable, acceptance-stable]")
                .replace(
                        "    dashboards:",
                        "      - name: acceptance-stable\n        webhook: {url: " + base
                                + "/acceptance, timeout: 15s}\n    dashboards:");
        assertThat(text).contains("acceptance-stable", "[smoke-stable, acceptance-stable]");
        Files.writeString(file, text);
        return file;
    }

    /** The example with a post-promotion check: an acceptance webhook called once the new version is stable. */
    private Path exampleWithPostPromotionCheck() throws IOException {
        Path file = example();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        String text = Files.readString(file)
                .replace(
                        "        - setWeight: 100\n",
                        "        - setWeight: 100\n      postPromotionAnalysis: {metrics: [post-check]}\n")
                .replace(
                        "    dashboards:",
                        "      - name: post-check\n        webhook: {url: " + base
                                + "/acceptance, timeout: 15s}\n    dashboards:");
        assertThat(text).contains("postPromotionAnalysis", "name: post-check");
        Files.writeString(file, text);
        return file;
    }

    private Harness harness(double errorRate, Path file) throws IOException {
        Plan plan = ReferenceReleases.planOf(file, "examples/" + EXAMPLE, ReferenceReleases.NOW);
        Harness h = new Harness(EXAMPLE, plan, api.cluster(), s -> ReferenceReleases.seed(s, file.toString()));
        ScriptedProvider prometheus = new ScriptedProvider(h.time);
        plan.runtime()
                .monitoring()
                .metric("errorRate")
                .flatMap(m -> m.query())
                .ifPresent(q -> prometheus.on(q, t -> new QueryResult.Value(errorRate)));
        HttpChecks checks = new HttpChecks(
                HttpClient.newHttpClient(), name -> Map.of("DD_KEY", DD_KEY).get(name));
        return h.analyzer(MetricAnalyzer.fromPlans(h.time, h.time, (p, a) -> prometheus, checks));
    }

    private static PlanStep step(Plan plan, String id) {
        return plan.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("the plan carries the smoke Job as an object of the pre-rollout analysis, before any weight")
    void plan_preRolloutSmokeJob_isAPlanObject() throws IOException {
        Plan plan = ReferenceReleases.planOf(example(), "examples/" + EXAMPLE, ReferenceReleases.NOW);
        PlanStep smoke = step(plan, "08-analysis");
        assertThat(smoke.description()).contains("Job smoke", "before any traffic reaches 2.8.0");
        assertThat(smoke.objects())
                .extracting(o -> o.ref().toString())
                .containsExactly(new ObjectRef("batch/v1", "Job", "prod", "orders-api-2-8-0-smoke-1").toString());
        int firstWeight = plan.steps().stream()
                .filter(s -> s.action() == Action.SET_WEIGHT)
                .findFirst()
                .orElseThrow()
                .index();
        assertThat(smoke.index()).isLessThan(firstWeight);
        assertThat(plan.rollback().afterRollback()).containsExactly("smoke-stable");
        // errorRate is written {template: http-error-rate, args: {...}}: the plan holds the expanded metric
        MetricSpec errorRate = plan.runtime().monitoring().metric("errorRate").orElseThrow();
        assertThat(errorRate.query().orElseThrow())
                .contains("app=\"orders-api\",version=\"2.8.0\",status=~\"5..\"")
                .doesNotContain("{{");
        assertThat(errorRate.max().orElseThrow()).isEqualByComparingTo("0.01");
        assertThat(plan.rollback().afterRollbackJobs())
                .extracting(o -> o.name())
                .containsExactly("orders-api-2-8-0-smoke-stable-after-rollback");
    }

    @Test
    @DisplayName("all checks pass: smoke Job complete, load-test webhook 2xx at each analysis, error rate fine")
    void allChecksPass_released() throws IOException {
        Harness h = harness(0.001);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(h.weightWrites()).containsExactly(0, 10, 50, 100, 0);
        assertThat(h.live(new ObjectRef("batch/v1", "Job", "prod", "orders-api-2-8-0-smoke-1"))
                        .path("status")
                        .path("succeeded")
                        .asInt())
                .isEqualTo(1);
        // count: 1 — the load test is started once per analysis step, with the manifest's body
        assertThat(loadTestBodies).hasSize(2).allSatisfy(b -> assertThat(b).contains("hey -z 1m"));
        // the web check sent the resolved ${env:DD_KEY}; the log never shows it
        assertThat(webKeys).isNotEmpty().allMatch(DD_KEY::equals);
        assertThat(h.log.toString()).doesNotContain(DD_KEY).contains("job check smoke: passed");
        assertThat(h.log.toString()).contains("dry run (not deciding): checkout-p99");
    }

    @Test
    @DisplayName("a failing smoke test rolls back before any traffic; the afterRollback smoke Job passes")
    void smokeJobFails_rolledBack_afterRollbackCheckPasses() throws IOException {
        Harness h = harness(0.001);
        h.controllers.failJobs(name -> name.endsWith("-smoke-1"));
        List<String> recovery = new ArrayList<>();
        ReleaseExecutor exec = h.executor("alice", new ExecutionListener() {
            @Override
            public void recovery(Plan plan, boolean verified, String summary) {
                recovery.add(verified + ": " + summary);
            }
        });
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message())
                .contains("08-analysis", "job check smoke failed", "backoff limit", "(recovery verified)");
        // no weight above 0 was ever written: the smoke test ran before the first traffic
        assertThat(h.weightWrites()).allMatch(w -> w == 0);
        h.assertPreviousVersionServes();
        assertThat(h.live(new ObjectRef("batch/v1", "Job", "prod", "orders-api-2-8-0-smoke-stable-after-rollback"))
                        .path("status")
                        .path("succeeded")
                        .asInt())
                .isEqualTo(1);
        assertThat(recovery).containsExactly("true: job check smoke-stable passed");
        assertThat(loadTestBodies).isEmpty();
    }

    @Test
    @DisplayName("a load-test webhook answering 500 fails its analysis: rolled back after 10% of the traffic")
    void loadTestWebhookFails_rolledBack() throws IOException {
        loadTestStatus.set(500);
        Harness h = harness(0.001);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("10-analysis", "load-test", "answered HTTP 500, not 2xx");
        assertThat(h.weightWrites()).containsExactly(0, 10, 0);
        h.assertPreviousVersionServes();
    }

    /**
     * A webhook in afterRollback is a gate, not a value watched over rounds: it is called once (it used to
     * be called once per recovery round, at least twice), beside the afterRollback Job.
     */
    @Test
    @DisplayName("afterRollback: the acceptance webhook is called once and its 2xx verifies the recovery")
    void smokeJobFails_afterRollbackWebhook_calledOnce() throws IOException {
        Harness h = harness(0.001, exampleWithAcceptanceWebhook());
        h.controllers.failJobs(name -> name.endsWith("-smoke-1"));
        List<String> recovery = new ArrayList<>();
        ReleaseExecutor exec = h.executor("alice", new ExecutionListener() {
            @Override
            public void recovery(Plan plan, boolean verified, String summary) {
                recovery.add(verified + ": " + summary);
            }
        });
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("(recovery verified)");
        assertThat(acceptanceCalls).hasValue(1);
        assertThat(recovery).singleElement().asString().startsWith("true: ").contains("acceptance-stable");
        assertThat(h.live(new ObjectRef("batch/v1", "Job", "prod", "orders-api-2-8-0-smoke-stable-after-rollback"))
                        .path("status")
                        .path("succeeded")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    @DisplayName("afterRollback: an acceptance webhook answering 500 is not asked again; recovery NOT verified")
    void smokeJobFails_afterRollbackWebhookFails_notVerified_calledOnce() throws IOException {
        acceptanceStatus.set(500);
        Harness h = harness(0.001, exampleWithAcceptanceWebhook());
        h.controllers.failJobs(name -> name.endsWith("-smoke-1"));
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains("recovery NOT verified", "acceptance-stable", "answered HTTP 500, not 2xx");
        assertThat(acceptanceCalls).hasValue(1);
        h.assertPreviousVersionServes();
    }

    /** The post-promotion analysis is a step after promote, before the Succeeded notice and clean-up. */
    private static PlanStep postPromotionStep(Plan plan) {
        int promote = plan.steps().stream()
                .filter(st -> st.action() == Action.PROMOTE)
                .findFirst()
                .orElseThrow()
                .index();
        int cleanUp = plan.steps().stream()
                .filter(st -> st.action() == Action.CLEAN_UP)
                .findFirst()
                .orElseThrow()
                .index();
        PlanStep post = plan.step(promote + 1);
        assertThat(post.action()).isEqualTo(Action.ANALYSIS);
        assertThat(post.description())
                .contains("webhook post-check", "after promotion: 2.8.0 takes all the traffic", "orders-api 2.7.0");
        assertThat(post.index()).isLessThan(cleanUp);
        return post;
    }

    @Test
    @DisplayName("after promotion: a passing post-promotion check lets the release finish; it is called once")
    void postPromotionCheckPasses_released() throws IOException {
        Harness h = harness(0.001, exampleWithPostPromotionCheck());
        postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(acceptanceCalls).hasValue(1);
    }

    @Test
    @DisplayName("after promotion: a failing post-promotion check rolls back to the previous version, still running")
    void postPromotionCheckFails_rolledBackToThePreviousVersion() throws IOException {
        acceptanceStatus.set(500);
        Harness h = harness(0.001, exampleWithPostPromotionCheck());
        PlanStep post = postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains(post.id(), "post-check", "answered HTTP 500, not 2xx");
        // the new version had all the traffic and was promoted; the rollback gives it all back to 2.7.0
        assertThat(h.weightWrites()).contains(100).last().isEqualTo(0);
        h.assertPreviousVersionServes();
        // clean-up never ran: the previous version's Deployment is still there
        assertThat(h.deployment("orders-api-2-7-0")).isPresent();
    }
}
