package dev.releasepolicy.executor.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.releasepolicy.core.plan.NotificationTarget;
import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.core.spec.NotificationFormat;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each chat format's body, received by a local webhook receiver and checked against the fields the
 * service documents for its incoming webhook; signatures recomputed here, independently of the notifier.
 */
class ChatFormatsTest {

    static final Instant NOW = Instant.parse("2026-12-01T15:02:10.123Z");
    static final String SECRET = "SECabc123-dingtalk-or-feishu-secret";
    static final Notification ROLLED_BACK = new Notification(
            ReleaseEvent.ROLLED_BACK,
            "orders-api",
            "v2.0",
            "4 (analysis)",
            "errorRate = 0.05 is above max 0.01",
            NOW,
            OptionalInt.of(20),
            "https://grafana.example.com/d/orders");

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

    WebhookNotifier notifier(WebhookTarget target) {
        return new WebhookNotifier(
                List.of(target),
                HttpClient.newHttpClient(),
                slept::add,
                new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2)),
                Redactor.none(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    WebhookReceiver.Call send(NotificationFormat format, Optional<String> secret, String path) {
        var results = notifier(WebhookTarget.of(receiver.url(path), EnumSet.allOf(ReleaseEvent.class), format, secret))
                .notify(ROLLED_BACK);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.delivered()).as(r.describe()).isTrue());
        assertThat(receiver.calls()).hasSize(1);
        return receiver.calls().get(0);
    }

    static JsonNode json(String body) {
        return JsonMapper.shared().readTree(body);
    }

    static String hmacBase64(String key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
    }

    static Map<String, String> query(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return params;
    }

    @Test
    void slack_textAndBlocks_headerSummaryFieldsAndDashboardLink() {
        JsonNode body = json(send(NotificationFormat.SLACK, Optional.empty(), "/services/T1/B2/x")
                .body());
        assertThat(body.path("text").asString())
                .isEqualTo("[release-policy] orders-api v2.0: rolled back at step 4 (analysis)"
                        + " - errorRate = 0.05 is above max 0.01");
        JsonNode blocks = body.path("blocks");
        assertThat(blocks.get(0).path("type").asString()).isEqualTo("header");
        assertThat(blocks.get(0).path("text").path("type").asString()).isEqualTo("plain_text");
        assertThat(blocks.get(0).path("text").path("text").asString()).isEqualTo("orders-api v2.0: rolled back");
        assertThat(blocks.get(1).path("type").asString()).isEqualTo("section");
        List<String> fields = new ArrayList<>();
        blocks.get(1).path("fields").forEach(f -> {
            assertThat(f.path("type").asString()).isEqualTo("mrkdwn");
            fields.add(f.path("text").asString());
        });
        assertThat(fields)
                .containsExactly(
                        "*Application*\norders-api",
                        "*Version*\nv2.0",
                        "*Event*\nRolledBack",
                        "*Step*\n4 (analysis)",
                        "*Weight*\n20%",
                        "*Reason*\nerrorRate = 0.05 is above max 0.01");
        assertThat(blocks.get(2).path("text").path("text").asString())
                .isEqualTo("<https://grafana.example.com/d/orders|Dashboard>");
    }

    @Test
    void slack_escapesMarkupInValues() {
        Notification n =
                new Notification(ReleaseEvent.FAILED, "app", "1", "", "<!channel> a & b", NOW, OptionalInt.empty(), "");
        var results = notifier(WebhookTarget.of(
                        receiver.url("/s"),
                        EnumSet.allOf(ReleaseEvent.class),
                        NotificationFormat.SLACK,
                        Optional.empty()))
                .notify(n);
        assertThat(results)
                .singleElement()
                .satisfies(r -> assertThat(r.delivered()).isTrue());
        assertThat(json(receiver.calls().get(0).body())
                        .path("blocks")
                        .get(1)
                        .path("fields")
                        .toString())
                .contains("&lt;!channel&gt; a &amp; b")
                .doesNotContain("<!channel>");
    }

    @Test
    void teams_messageWithOneAdaptiveCardAttachment() {
        JsonNode body = json(
                send(NotificationFormat.TEAMS, Optional.empty(), "/workflows/x").body());
        assertThat(body.path("type").asString()).isEqualTo("message");
        assertThat(body.path("attachments")).hasSize(1);
        JsonNode attachment = body.path("attachments").get(0);
        assertThat(attachment.path("contentType").asString()).isEqualTo("application/vnd.microsoft.card.adaptive");
        JsonNode card = attachment.path("content");
        assertThat(card.path("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.path("$schema").asString()).isEqualTo("http://adaptivecards.io/schemas/adaptive-card.json");
        assertThat(card.path("version").asString()).isEqualTo("1.4");
        assertThat(card.path("body").get(0).path("type").asString()).isEqualTo("TextBlock");
        assertThat(card.path("body").get(0).path("text").asString()).isEqualTo("orders-api v2.0: rolled back");
        JsonNode facts = card.path("body").get(1);
        assertThat(facts.path("type").asString()).isEqualTo("FactSet");
        assertThat(facts.path("facts").toString())
                .contains("{\"title\":\"Weight\",\"value\":\"20%\"}")
                .contains("{\"title\":\"Event\",\"value\":\"RolledBack\"}");
        JsonNode open = card.path("actions").get(0);
        assertThat(open.path("type").asString()).isEqualTo("Action.OpenUrl");
        assertThat(open.path("url").asString()).isEqualTo("https://grafana.example.com/d/orders");
    }

    @Test
    void dingTalk_markdownMessage_signedInTheUrl() throws Exception {
        WebhookReceiver.Call call =
                send(NotificationFormat.DINGTALK, Optional.of(SECRET), "/robot/send?access_token=tok123");
        JsonNode body = json(call.body());
        assertThat(body.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(body.path("markdown").path("title").asString()).isEqualTo("orders-api v2.0: rolled back");
        assertThat(body.path("markdown").path("text").asString())
                .startsWith("### orders-api v2.0: rolled back\n")
                .contains("- **Weight:** 20%\n")
                .contains("- **Reason:** errorRate = 0.05 is above max 0.01\n")
                .contains("[Dashboard](https://grafana.example.com/d/orders)");
        Map<String, String> params = query(call.rawQuery());
        assertThat(params).containsOnlyKeys("access_token", "timestamp", "sign");
        assertThat(params.get("access_token")).isEqualTo("tok123");
        assertThat(params.get("timestamp")).isEqualTo(Long.toString(NOW.toEpochMilli()));
        String sign = URLDecoder.decode(params.get("sign"), StandardCharsets.UTF_8);
        assertThat(sign).isEqualTo(hmacBase64(SECRET, NOW.toEpochMilli() + "\n" + SECRET));
        assertThat(call.body()).doesNotContain(SECRET);
    }

    @Test
    void dingTalk_errcodeInA200Answer_isNotDelivered_andNotRetried() {
        receiver.body("{\"errcode\":310000,\"errmsg\":\"sign not match\"}");
        var results = notifier(WebhookTarget.of(
                        receiver.url("/robot/send?access_token=t"),
                        EnumSet.allOf(ReleaseEvent.class),
                        NotificationFormat.DINGTALK,
                        Optional.of(SECRET)))
                .notify(ROLLED_BACK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isFalse();
            assertThat(r.attempts()).isEqualTo(1);
            assertThat(r.error()).isEqualTo("dingtalk answered errcode 310000: sign not match");
        });
    }

    @Test
    void weCom_markdownContent() {
        receiver.body("{\"errcode\":0,\"errmsg\":\"ok\"}");
        JsonNode body = json(send(NotificationFormat.WECOM, Optional.empty(), "/cgi-bin/webhook/send?key=k")
                .body());
        assertThat(body.path("msgtype").asString()).isEqualTo("markdown");
        assertThat(body.path("markdown").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("content");
        assertThat(body.path("markdown").path("content").asString())
                .startsWith("### orders-api v2.0: rolled back\n")
                .contains("- **Application:** orders-api\n")
                .contains("[Dashboard](https://grafana.example.com/d/orders)");
    }

    @Test
    void feishu_interactiveCard_signedInTheBody() throws Exception {
        receiver.body("{\"code\":0,\"msg\":\"success\",\"data\":{}}");
        WebhookReceiver.Call call = send(NotificationFormat.FEISHU, Optional.of(SECRET), "/open-apis/bot/v2/hook/h");
        JsonNode body = json(call.body());
        assertThat(body.path("msg_type").asString()).isEqualTo("interactive");
        JsonNode card = body.path("card");
        assertThat(card.path("header").path("title").path("tag").asString()).isEqualTo("plain_text");
        assertThat(card.path("header").path("title").path("content").asString())
                .isEqualTo("orders-api v2.0: rolled back");
        JsonNode div = card.path("elements").get(0);
        assertThat(div.path("tag").asString()).isEqualTo("div");
        assertThat(div.path("text").path("tag").asString()).isEqualTo("lark_md");
        assertThat(div.path("text").path("content").asString()).contains("- **Step:** 4 (analysis)\n");
        long seconds = NOW.getEpochSecond();
        assertThat(body.path("timestamp").asString()).isEqualTo(Long.toString(seconds));
        assertThat(body.path("sign").asString()).isEqualTo(hmacBase64(seconds + "\n" + SECRET, ""));
        assertThat(call.rawQuery()).isNull();
        assertThat(call.body()).doesNotContain(SECRET);
    }

    @Test
    void feishu_codeInA200Answer_isNotDelivered() {
        receiver.body("{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current"
                + " time\"}");
        var results = notifier(WebhookTarget.of(
                        receiver.url("/hook"),
                        EnumSet.allOf(ReleaseEvent.class),
                        NotificationFormat.FEISHU,
                        Optional.of(SECRET)))
                .notify(ROLLED_BACK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isFalse();
            assertThat(r.error()).startsWith("feishu answered code 19021: sign match fail");
        });
    }

    @Test
    void chatFormat_retriesA5xxWithBackoff() {
        receiver.answering(503, 502);
        var results = notifier(WebhookTarget.of(
                        receiver.url("/s"),
                        EnumSet.allOf(ReleaseEvent.class),
                        NotificationFormat.SLACK,
                        Optional.empty()))
                .notify(ROLLED_BACK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.attempts()).isEqualTo(3);
        });
        assertThat(slept).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    }

    @Test
    void fromPlan_resolvesTheSecretReference_andScrubsItFromEveryText() {
        NotificationTarget planned = new NotificationTarget(
                receiver.url("/robot/send?access_token=${env:DT_TOKEN}"),
                List.of("RolledBack"),
                Map.of(),
                NotificationFormat.DINGTALK,
                Optional.of("${env:DT_SECRET}"));
        Map<String, String> env = Map.of("DT_TOKEN", "token-4711", "DT_SECRET", SECRET);
        WebhookTarget target =
                WebhookTarget.fromPlan(List.of(planned), env::get).get(0);
        assertThat(target.signingSecret()).contains(SECRET);
        assertThat(target.toString()).doesNotContain(SECRET).doesNotContain("token-4711");
        Notification leaky = new Notification(
                ReleaseEvent.ROLLED_BACK, "app", "1", "", "secret is " + SECRET, NOW, OptionalInt.empty(), "");
        var results = notifier(target).notify(leaky);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isTrue();
            assertThat(r.target()).doesNotContain("token-4711");
        });
        WebhookReceiver.Call call = receiver.calls().get(0);
        assertThat(call.body()).doesNotContain(SECRET).contains("secret is ***");
        assertThat(query(call.rawQuery()).get("access_token")).isEqualTo("token-4711");
        assertThat(URLDecoder.decode(query(call.rawQuery()).get("sign"), StandardCharsets.UTF_8))
                .isEqualTo(uncheckedHmac(SECRET, NOW.toEpochMilli() + "\n" + SECRET));
    }

    @Test
    void fromPlan_aMaskedLiteralSecret_isNotSent() {
        NotificationTarget planned = new NotificationTarget(
                receiver.url("/robot/send"),
                List.of("RolledBack"),
                Map.of(),
                NotificationFormat.FEISHU,
                Optional.of("***"));
        var results = notifier(
                        WebhookTarget.fromPlan(List.of(planned), name -> null).get(0))
                .notify(ROLLED_BACK);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.delivered()).isFalse();
            assertThat(r.error()).contains("write it as ${env:NAME}");
        });
        assertThat(receiver.calls()).isEmpty();
    }

    static String uncheckedHmac(String key, String data) {
        try {
            return hmacBase64(key, data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
