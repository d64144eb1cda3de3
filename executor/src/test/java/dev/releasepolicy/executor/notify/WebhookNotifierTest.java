package dev.releasepolicy.executor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.manifest.ManifestLoader;
import dev.releasepolicy.core.secret.Redactor;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookNotifierTest {

    static final Instant T = Instant.parse("2026-12-01T15:02:10Z");
    static final Notification ROLLED_BACK = new Notification(
            ReleaseEvent.ROLLED_BACK,
            "payments-service",
            "5.4.1",
            "2 (analysis)",
            "errorRate = 0.05 is above max 0.01",
            T);

    WebhookReceiver receiver;
    final List<Duration> slept = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    WebhookNotifier notifier(WebhookTarget... targets) {
        return new WebhookNotifier(
                List.of(targets),
                HttpClient.newHttpClient(),
                slept::add,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                Redactor.none());
    }

    @Test
    void notify_postsJsonWithTextAndStructuredFields() {
        var results = notifier(WebhookTarget.of(
                        receiver.url("/hook"), EnumSet.allOf(ReleaseEvent.class), Map.of("X-Severity", "high")))
                .notify(ROLLED_BACK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.attempts()).isEqualTo(1);
        });
        WebhookReceiver.Call call = receiver.calls().get(0);
        assertThat(call.method()).isEqualTo("POST");
        assertThat(call.severity()).isEqualTo("high");
        assertThat(call.body())
                .isEqualTo("{\"text\":\"[release-policy] payments-service 5.4.1: rolled back at step "
                        + "2 (analysis) - errorRate = 0.05 is above max 0.01\",\"event\":\"RolledBack\",\"application\":"
                        + "\"payments-service\",\"version\":\"5.4.1\",\"step\":\"2 (analysis)\",\"reason\":\"errorRate = 0.05 "
                        + "is above max 0.01\",\"time\":\"2026-12-01T15:02:10Z\"}");
    }

    @Test
    void notify_onlyTargetsThatWantTheEvent() {
        var n = notifier(
                WebhookTarget.of(receiver.url("/a"), EnumSet.of(ReleaseEvent.STARTED), Map.of()),
                WebhookTarget.of(
                        receiver.url("/b"), EnumSet.of(ReleaseEvent.ROLLED_BACK, ReleaseEvent.FAILED), Map.of()));
        assertThat(n.notify(ROLLED_BACK)).hasSize(1);
        assertThat(receiver.calls()).extracting(WebhookReceiver.Call::path).containsExactly("/b");
    }

    @Test
    void notify_retriesServerErrorsWithBackoff() {
        receiver.answering(503, 500);
        var results = notifier(WebhookTarget.of(receiver.url("/h"), EnumSet.allOf(ReleaseEvent.class), Map.of()))
                .notify(ROLLED_BACK);
        assertThat(results.get(0).delivered()).isTrue();
        assertThat(results.get(0).attempts()).isEqualTo(3);
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void notify_clientErrorIsNotRetried_andIsReturnedNotThrown() {
        receiver.answering(404);
        var r = notifier(WebhookTarget.of(receiver.url("/h"), EnumSet.allOf(ReleaseEvent.class), Map.of()))
                .notify(ROLLED_BACK)
                .get(0);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(1);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.describe())
                .startsWith("RolledBack to http://127.0.0.1:")
                .contains("FAILED, HTTP 404: ok (1 attempt)");
    }

    @Test
    void notify_unreachableWebhook_isReturnedAfterAllAttempts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        var r = notifier(WebhookTarget.of(
                        "http://127.0.0.1:" + port + "/h", EnumSet.allOf(ReleaseEvent.class), Map.of()))
                .notify(ROLLED_BACK)
                .get(0);
        assertThat(r.delivered()).isFalse();
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.error()).contains("ConnectException");
    }

    @Test
    void plantedTokens_neverAppearInResultsErrorsOrToString() {
        // The receiver echoes secrets back in its error answer, as some services do.
        receiver.answering(401)
                .body("invalid token PLANTED-URL-TOKEN for Bearer PLANTED-HEADER-TOKEN at "
                        + receiver.url("/services/T000/B000/PLANTEDslackSECRET0123456789"));
        WebhookTarget t = WebhookTarget.of(
                receiver.url("/hook?token=PLANTED-URL-TOKEN"),
                EnumSet.allOf(ReleaseEvent.class),
                Map.of("Authorization", "Bearer PLANTED-HEADER-TOKEN", "X-Hook-Token", "PLANTED-X-TOKEN"));
        WebhookNotifier n = notifier(t);
        var r = n.notify(new Notification(ReleaseEvent.FAILED, "app", "1", "", "sent to " + t.url(), T))
                .get(0);
        assertThat(r.delivered()).isFalse();
        String shown = r.toString() + r.describe() + t + n + n.redactor().scrub(t.url() + " " + t.headers());
        assertThat(shown).doesNotContain("PLANTED").contains("token=***");
        // The secrets were still sent to the receiver, which needs them.
        WebhookReceiver.Call call = receiver.calls().get(0);
        assertThat(call.query()).isEqualTo("token=PLANTED-URL-TOKEN");
        assertThat(call.authorization()).isEqualTo("Bearer PLANTED-HEADER-TOKEN");
        assertThat(call.body()).doesNotContain("PLANTED");
    }

    @Test
    void fromManifest_readsReferenceRelease3_andResolvesEnvironmentValuesAsSecrets() {
        var manifest = new ManifestLoader()
                .load(Path.of("..", "examples", "auto-rollback.yaml"), "auto-rollback.yaml")
                .manifests()
                .get(0);
        List<WebhookTarget> targets = WebhookTarget.fromManifest(manifest.tree(), name -> null);
        assertThat(targets).hasSize(2);
        assertThat(targets.get(1).events()).containsExactly(ReleaseEvent.FAILED, ReleaseEvent.ROLLED_BACK);
        assertThat(targets.get(1).headers()).containsEntry("X-Severity", "high");

        var tree = (tools.jackson.databind.node.ObjectNode) manifest.tree().deepCopy();
        var first = (tools.jackson.databind.node.ObjectNode)
                tree.path("spec").path("notifications").get(0);
        first.put("webhook", "https://hooks.example.com/releases/payments/${env:HOOK_PATH}");
        first.putObject("headers").put("X-Auth", "${env:HOOK_KEY}");
        WebhookTarget t = WebhookTarget.fromManifest(
                        tree, Map.of("HOOK_PATH", "envsecretpath", "HOOK_KEY", "envsecretkey")::get)
                .get(0);
        assertThat(t.url()).endsWith("/envsecretpath");
        assertThat(t.headers()).containsEntry("X-Auth", "envsecretkey");
        assertThat(t.toString()).doesNotContain("envsecret");
        assertThat(WebhookNotifier.of(List.of(t)).redactor().scrub("x envsecretpath y"))
                .isEqualTo("x *** y");
    }
}
