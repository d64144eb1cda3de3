package dev.releasepolicy.executor.notify;

import dev.releasepolicy.core.secret.Redactor;
import dev.releasepolicy.executor.wait.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts notifications as JSON to webhooks: {@code {"text": "...", "event", "application", "version",
 * "step", "reason", "time"}} — {@code text} makes Slack-style receivers show a readable line, the
 * other fields are for machines. Retries by the {@link RetryPolicy}; a delivery that still fails is
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

    public WebhookNotifier(
            List<WebhookTarget> targets, HttpClient client, Sleeper sleeper, RetryPolicy retry, Redactor redactor) {
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

    /** The JSON body sent for a notification (secrets scrubbed from the texts). */
    public String body(Notification n) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("text", redactor.scrub(n.text()));
        node.put("event", n.event().manifestName());
        node.put("application", redactor.scrub(n.application()));
        node.put("version", redactor.scrub(n.version()));
        node.put("step", redactor.scrub(n.step()));
        node.put("reason", redactor.scrub(n.reason()));
        node.put("time", n.time().toString());
        return JSON.writeValueAsString(node);
    }

    @Override
    public List<DeliveryResult> notify(Notification n) {
        List<DeliveryResult> results = new ArrayList<>();
        String body = body(n);
        for (WebhookTarget t : targets) {
            if (t.wants(n.event())) {
                results.add(deliver(t, n.event(), body));
            }
        }
        return results;
    }

    private DeliveryResult deliver(WebhookTarget t, ReleaseEvent event, String body) {
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
        HttpRequest request;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(t.url()))
                    .timeout(retry.timeout())
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("User-Agent", "release-policy")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            t.headers().forEach(b::header);
            request = b.build();
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
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return new DeliveryResult(shown, event, true, attempt, status, "");
                }
                String answer = response.body() == null ? "" : response.body().strip();
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
