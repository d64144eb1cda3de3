package dev.releasepolicy.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.releasepolicy.core.plan.Action;
import dev.releasepolicy.core.plan.Plan;
import dev.releasepolicy.core.plan.PlanStep;
import dev.releasepolicy.executor.analysis.HttpChecks;
import dev.releasepolicy.executor.analysis.QueryResult;
import dev.releasepolicy.executor.analysis.ScriptedProvider;
import dev.releasepolicy.executor.state.ReleaseStatus;
import dev.releasepolicy.executor.status.StatusQuery;
import dev.releasepolicy.executor.testing.Harness;
import dev.releasepolicy.executor.testing.MockApi;
import dev.releasepolicy.executor.testing.ReferenceReleases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import tools.jackson.databind.JsonNode;

/**
 * {@code spec.strategy.blueGreen.postPromotionAnalysis} run on the fabric8 mock API server: the reference
 * blue-green release ({@code examples/blue-green-web.yaml}) with a post-promotion webhook check answered by a
 * real HTTP server in the test, once as written (an Istio split, then the Service switch) and once switching
 * the Service at once (no router, no steps). A failing check switches the Service back to blue; a check that
 * cannot be evaluated never lets the release finish.
 */
class BlueGreenPostPromotionTest {

    static final String EXAMPLE = "blue-green-web.yaml";
    static final String NEW = "3.2.0";
    static final String PREVIOUS = "3.1.4";

    @AutoClose
    private static final MockApi api = new MockApi();

    @TempDir
    Path dir;

    HttpServer http;
    final AtomicInteger postCheckStatus = new AtomicInteger(200);
    final List<String> postCheckBodies = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void startHttp() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/post-check", ex -> {
            postCheckBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            JsonAnswer.send(ex, postCheckStatus.get(), "{}");
        });
        http.start();
    }

    @AfterEach
    void stopHttp() {
        http.stop(0);
    }

    private String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    /** A local port nothing listens on: the check's server is unreachable. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The reference release with a post-promotion webhook check {@code post-check} at {@code url}
     * ({@code knobs} added to the metric); {@code atOnce}: without its Istio routing and steps.
     */
    private Path release(boolean atOnce, String url, String knobs) throws IOException {
        String text = Files.readString(ReferenceReleases.examples().resolve(EXAMPLE));
        if (atOnce) {
            text = text.replaceAll(
                    "(?s)      trafficRouting:.*?      keepPrevious: 24h\n", "      keepPrevious: 24h\n");
            assertThat(text).doesNotContain("trafficRouting", "setWeight");
        }
        text = text.replace(
                        "      keepPrevious: 24h\n",
                        "      keepPrevious: 24h\n      postPromotionAnalysis: {metrics: [post-check]}\n")
                .replace(
                        "    dashboards:",
                        "      - name: post-check\n        webhook: {url: " + url
                                + ", body: {suite: post-switch}, timeout: 15s}\n" + knobs + "    dashboards:");
        assertThat(text).contains("postPromotionAnalysis: {metrics: [post-check]}", "name: post-check");
        Path file = dir.resolve(atOnce ? "blue-green-at-once.yaml" : EXAMPLE);
        Files.writeString(file, text);
        return file;
    }

    /** A harness whose analyzer is the real one: healthy scripted Prometheus, real HTTP checks. */
    private static Harness harness(Path file) {
        Plan plan = ReferenceReleases.planOf(file, "examples/" + EXAMPLE, ReferenceReleases.NOW);
        Harness h = new Harness(file.toString(), plan, api.cluster(), s -> ReferenceReleases.seed(s, file.toString()));
        ScriptedProvider prometheus = new ScriptedProvider(h.time);
        for (String metric : List.of("errorRate", "latencyP99")) {
            plan.runtime()
                    .monitoring()
                    .metric(metric)
                    .flatMap(m -> m.query())
                    .ifPresent(q -> prometheus.on(q, t -> new QueryResult.Value(0.001)));
        }
        HttpChecks checks = new HttpChecks(
                HttpClient.newHttpClient(), name -> Map.<String, String>of().get(name));
        return h.analyzer(MetricAnalyzer.fromPlans(h.time, h.time, (p, a) -> prometheus, checks));
    }

    /** The post-promotion analysis: right after the (last) Service switch, before the Succeeded notice. */
    private static PlanStep postPromotionStep(Plan plan) {
        int switched = plan.steps().stream()
                .filter(s -> s.action() == Action.SWITCH_SERVICE)
                .mapToInt(PlanStep::index)
                .max()
                .orElseThrow();
        PlanStep post = plan.step(switched + 1);
        assertThat(post.action()).isEqualTo(Action.ANALYSIS);
        assertThat(post.description())
                .contains("webhook post-check", "after the switch: " + NEW + " takes all the traffic", PREVIOUS);
        assertThat(post.rollbackFrom()).first().isEqualTo(plan.step(switched).id());
        return post;
    }

    private static String selectorVersion(Harness h) {
        return h.service().path("spec").path("selector").path("version").asString();
    }

    /** Waits and manual pauses answered as an operator would, but an inconclusive analysis is left standing. */
    private static Outcome driveUntilInconclusive(Harness h, ReleaseExecutor exec) {
        Outcome o = exec.apply(h.plan);
        for (int guard = 0; guard < 100; guard++) {
            switch (o.result()) {
                case WAITING -> {
                    h.time.advance(
                            Duration.between(h.time.instant(), o.waitingUntil().orElseThrow()));
                    o = exec.resume(h.plan.namespace(), h.plan.application());
                }
                case AWAITING_APPROVAL -> {
                    if (o.message().contains(StatusQuery.INCONCLUSIVE)) {
                        return o;
                    }
                    o = exec.approve(h.plan.namespace(), h.plan.application());
                }
                default -> {
                    return o;
                }
            }
        }
        throw new AssertionError("the release did not stop: " + o);
    }

    @Test
    @DisplayName("at once: a passing post-promotion check lets the release finish; green serves, blue is gone")
    void atOnce_checkPasses_released() throws IOException {
        Harness h = harness(release(true, base() + "/post-check", ""));
        postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(postCheckBodies).singleElement().asString().contains("post-switch");
        assertThat(h.selectorWrites()).containsExactly(NEW);
        assertThat(selectorVersion(h)).isEqualTo(NEW);
        assertThat(h.deployment(ReferenceReleases.newDeployment(EXAMPLE))).isPresent();
        assertThat(h.deployment(ReferenceReleases.previousDeployment(EXAMPLE)))
                .as("blue cleaned up after keepPrevious")
                .isEmpty();
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.Succeeded);
    }

    @Test
    @DisplayName("at once: a post-promotion check answering 500 switches the Service back to blue; rolled back")
    void atOnce_checkFails_serviceSwitchedBackToBlue() throws IOException {
        postCheckStatus.set(500);
        Harness h = harness(release(true, base() + "/post-check", ""));
        PlanStep post = postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains(post.id(), "post-check", "answered HTTP 500, not 2xx");
        // once, by the analysis: without afterRollback the recovery check measures the release's values
        // (errorRate, latencyP99: healthy), not the gate, which judged the new version
        assertThat(postCheckBodies).hasSize(1);
        assertThat(o.message()).contains("(recovery verified)");
        // green had the Service, then the switch was undone
        assertThat(h.selectorWrites()).containsExactly(NEW, PREVIOUS);
        assertPreviousVersionServesAtOnce(h);
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.RolledBack);
    }

    @Test
    @DisplayName("at once: an unreachable post-promotion check with consecutiveErrorLimit fails closed: rolled back")
    void atOnce_checkUnreachable_consecutiveErrorLimit_rolledBack() throws IOException {
        Harness h = harness(release(true, "http://127.0.0.1:" + closedPort() + "/post-check", """
                        consecutiveErrorLimit: 1
                """));
        PlanStep post = postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains(post.id(), "post-check could not be evaluated", "unreachable", "never passes");
        assertThat(h.selectorWrites()).containsExactly(NEW, PREVIOUS);
        assertPreviousVersionServesAtOnce(h);
    }

    @Test
    @DisplayName("at once: an unreachable post-promotion check never passes: the release stops for a person,"
            + " whose rollback switches the Service back to blue")
    void atOnce_checkUnreachable_neverPasses_rollbackSwitchesBack() throws IOException {
        Harness h = harness(release(true, "http://127.0.0.1:" + closedPort() + "/post-check", ""));
        PlanStep post = postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = driveUntilInconclusive(h, exec);

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.AWAITING_APPROVAL);
        assertThat(o.message()).contains(StatusQuery.INCONCLUSIVE, post.id(), "post-check", "unreachable");
        assertThat(h.state().status()).isEqualTo(ReleaseStatus.AwaitingApproval);
        // nothing after the check ran: blue still runs, the release is not recorded as succeeded
        assertThat(h.deployment(ReferenceReleases.previousDeployment(EXAMPLE))).isPresent();

        Outcome back = exec.rollback(h.plan.namespace(), h.plan.application(), "post-promotion check unreachable");
        assertThat(back.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(h.selectorWrites()).containsExactly(NEW, PREVIOUS);
        assertPreviousVersionServesAtOnce(h);
    }

    @Test
    @DisplayName("weighted: a failing post-promotion check after the switch rolls back routing and Service to blue")
    void weighted_checkFails_rolledBackToBlue() throws IOException {
        postCheckStatus.set(503);
        Harness h = harness(release(false, base() + "/post-check", ""));
        PlanStep post = postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.ROLLED_BACK);
        assertThat(o.message()).contains(post.id(), "post-check", "answered HTTP 503, not 2xx");
        // green had all the traffic through the split and the Service; both go back to blue
        assertThat(h.weightWrites()).contains(100).last().isEqualTo(0);
        assertThat(h.selectorWrites()).containsExactly(NEW, PREVIOUS);
        h.assertPreviousVersionServes();
    }

    @Test
    @DisplayName("weighted: a passing post-promotion check lets the reference release finish as before")
    void weighted_checkPasses_released() throws IOException {
        Harness h = harness(release(false, base() + "/post-check", ""));
        postPromotionStep(h.plan);
        ReleaseExecutor exec = h.executor("alice");
        Outcome o = h.drive(exec, exec.apply(h.plan));

        assertThat(o.result()).as(h.log.toString()).isEqualTo(Outcome.Result.SUCCEEDED);
        assertThat(postCheckBodies).hasSize(1);
        assertThat(h.weightWrites()).containsExactly(0, 50, 100, 0);
        h.assertNewVersionServes();
    }

    /** Without a router: blue's Deployment as before, green's gone, the Service selecting blue. */
    private static void assertPreviousVersionServesAtOnce(Harness h) {
        JsonNode previous = h.deployment(ReferenceReleases.previousDeployment(EXAMPLE))
                .orElseThrow(() -> new AssertionError("blue's Deployment is gone\n" + h.log));
        assertThat(previous.path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(previous.path("metadata").path("labels").path("version").asString())
                .isEqualTo(PREVIOUS);
        assertThat(h.deployment(ReferenceReleases.newDeployment(EXAMPLE))).isEmpty();
        assertThat(selectorVersion(h)).isEqualTo(PREVIOUS);
    }
}
