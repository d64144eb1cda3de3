package dev.releasepolicy.executor.notify;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.core.spec.NotificationFormat;
import dev.releasepolicy.executor.wait.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts notifications as JSON to webhooks, in each target's {@link NotificationFormat}: the tool's own
 * {@code {"text": "...", "event", "application", "version", "step", "reason", "time"}} ({@code generic}),
 * or the message a chat service documents (Slack, Teams, DingTalk, WeCom, Feishu; see
 * {@link ChatMessages}), signed where the service defines a signature and a secret is given
 * ({@link Signatures}; made anew for every attempt, as both services bound the timestamp's age). A chat
 * robot that answers HTTP 200 with an error code ({@code errcode} of DingTalk and WeCom, {@code code} of
 * Feishu) has not delivered. Retries by the {@link RetryPolicy}; a delivery that still fails is
 * returned as a {@link DeliveryResult}, never thrown, so a broken webhook cannot break a release.
 * Every text that leaves this class is scrubbed of the targets' secrets.
 */
public final class WebhookNotifier implements Notifier {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<WebhookTarget> targets;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final Redactor redactor;
    private final Clock clock;

    public WebhookNotifier(
            List<WebhookTarget> targets, HttpClient client, Sleeper sleeper, RetryPolicy retry, Redactor redactor) {
        this(targets, client, sleeper, retry, redactor, Clock.systemUTC());
    }

    /** As above, with the clock whose time goes into signatures. */
    public WebhookNotifier(
            List<WebhookTarget> targets,
            HttpClient client,
            Sleeper sleeper,
            RetryPolicy retry,
            Redactor redactor,
            Clock clock) {
        this.clock = clock;
        this.targets = List.copyOf(targets);
        this.client = client;
        this.sleeper = sleeper;
        this.retry = retry;
        Redactor r = redactor;
        for (WebhookTarget t : targets) {
            r = r.withUrl(t.url()).withHeaders(t.headers()).with(t.secrets());
        }
        this.redactor = r;
    }

    /** A notifier with a default HTTP client, real sleeping and the default retry policy. */
    public static WebhookNotifier of(List<WebhookTarget> targets) {
        return new WebhookNotifier(
                targets,
                HttpClient.newBuilder()
                        .connectTimeout(RetryPolicy.DEFAULT.timeout())
                        .build(),
                Sleeper.SYSTEM,
                RetryPolicy.DEFAULT,
                Redactor.none());
    }

    /**
     * A notifier for a manifest's {@code spec.notifications}, with {@code ${env:NAME}} resolved from
     * the process environment, a default client, real sleeping and the default retry policy.
     */
    public static WebhookNotifier forManifest(tools.jackson.databind.JsonNode manifest) {
        return of(WebhookTarget.fromManifest(manifest, System::getenv));
    }

    /** A notifier for a plan's notification targets, {@code ${env:NAME}} resolved from the process environment. */
    public static WebhookNotifier forPlan(dev.releasepolicy.core.plan.Plan plan) {
        return of(WebhookTarget.fromPlan(plan.runtime().notifications(), System::getenv));
    }

    @Override
    public Redactor redactor() {
        return redactor;
    }

    /** The generic JSON body sent for a notification (secrets scrubbed from the texts). */
    public String body(Notification n) {
        return body(NotificationFormat.GENERIC, n);
    }

    /** The body of a notification in a format, before any signature (secrets scrubbed from the texts). */
    public String body(NotificationFormat format, Notification n) {
        return JSON.writeValueAsString(ChatMessages.body(format, n, redactor::scrub));
    }

    @Override
    public List<DeliveryResult> notify(Notification n) {
        List<DeliveryResult> results = new ArrayList<>();
        for (WebhookTarget t : targets) {
            if (t.wants(n.event())) {
                results.add(deliver(t, n.event(), ChatMessages.body(t.format(), n, redactor::scrub)));
            }
        }
        return results;
    }

    /** The request of one attempt: the URL or the body signed with the time of this attempt. */
    private HttpRequest request(WebhookTarget t, ObjectNode message) {
        String url = t.url();
        ObjectNode body = message;
        if (t.signingSecret().isPresent()) {
            String secret = t.signingSecret().get();
            switch (t.format()) {
                case DINGTALK -> {
                    long millis = clock.millis();
                    String sign = URLEncoder.encode(Signatures.dingTalk(secret, millis), StandardCharsets.UTF_8);
                    url = url + (url.contains("?") ? "&" : "?") + "timestamp=" + millis + "&sign=" + sign;
                }
                case FEISHU -> {
                    long seconds = clock.millis() / 1000;
                    body = message.deepCopy();
                    body.put("timestamp", Long.toString(seconds));
                    body.put("sign", Signatures.feishu(secret, seconds));
                }
                // the schema allows a secret only with dingtalk and feishu; a plan written by hand is refused
                case GENERIC, SLACK, TEAMS, WECOM ->
                    throw new IllegalArgumentException(
                            "format " + t.format().label() + " defines no signature: remove the secret");
            }
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(retry.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "release-policy")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        t.headers().forEach(b::header);
        return b.build();
    }

    /**
     * The error a chat robot reports in a 2xx answer, or empty: DingTalk and WeCom answer
     * {@code {"errcode": 0, ...}}, Feishu {@code {"code": 0, ...}} when the message was posted.
     */
    private static String robotError(NotificationFormat format, String answer) {
        String field = switch (format) {
            case DINGTALK, WECOM -> "errcode";
            case FEISHU -> "code";
            case GENERIC, SLACK, TEAMS -> "";
        };
        if (field.isEmpty()) {
            return "";
        }
        JsonNode node;
        try {
            node = JSON.readTree(answer);
        } catch (JacksonException e) {
            return "";
        }
        JsonNode code = node.path(field);
        if (!code.isNumber() || code.asLong() == 0) {
            return "";
        }
        String message = node.path(field.equals("code") ? "msg" : "errmsg").asString("");
        return format.label() + " answered " + field + " " + code.asLong() + (message.isEmpty() ? "" : ": " + message);
    }

    private DeliveryResult deliver(WebhookTarget t, ReleaseEvent event, ObjectNode body) {
        String shown = redactor.scrub(t.shownUrl());
        if (t.holdsMaskedSecret()) {
            return new DeliveryResult(
                    shown,
                    event,
                    false,
                    0,
                    0,
                    "webhook " + shown + " holds a literal secret in the"
                            + " manifest, which the plan does not keep: write it as ${env:NAME}; not sent");
        }
        try {
            request(t, body);
        } catch (IllegalArgumentException e) {
            return new DeliveryResult(
                    shown, event, false, 0, 0, "not a valid webhook request: " + redactor.scrub(e.getMessage()));
        }
        int status = 0;
        String error = "";
        int attempt = 0;
        while (attempt < retry.maxAttempts()) {
            attempt++;
            if (attempt > 1) {
                try {
                    sleeper.sleep(retry.backoffBefore(attempt));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new DeliveryResult(
                            shown, event, false, attempt - 1, status, "interrupted; last error: " + error);
                }
            }
            try {
                HttpResponse<String> response = client.send(request(t, body), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                String answer = response.body() == null ? "" : response.body().strip();
                if (status >= 200 && status < 300) {
                    String refused = robotError(t.format(), answer);
                    if (refused.isEmpty()) {
                        return new DeliveryResult(shown, event, true, attempt, status, "");
                    }
                    // a wrong signature, keyword or a rate limit: the answer says which; retrying the same
                    // message would not change the first two
                    error = redactor.scrub(abbreviate(refused));
                    break;
                }
                error = "HTTP " + status + (answer.isEmpty() ? "" : ": " + redactor.scrub(abbreviate(answer)));
                if (!(status == 408 || status == 429 || status >= 500)) {
                    break;
                }
            } catch (HttpTimeoutException e) {
                status = 0;
                error = "no answer within " + retry.timeout().toMillis() + " ms";
            } catch (IOException e) {
                status = 0;
                error = redactor.scrub(
                        e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new DeliveryResult(shown, event, false, attempt, status, "interrupted");
            }
        }
        return new DeliveryResult(shown, event, false, attempt, status, error);
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }

    @Override
    public String toString() {
        return "WebhookNotifier" + targets;
    }
}
