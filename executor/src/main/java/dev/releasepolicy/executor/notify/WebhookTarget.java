package dev.releasepolicy.executor.notify;

import dev.releasepolicy.core.secret.Redaction;
import dev.releasepolicy.core.spec.NotificationFormat;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * One entry of {@code spec.notifications}: the webhook URL, the events it wants, extra headers, the body
 * format and the signing secret. {@code ${env:NAME}} in the URL, a header value or the secret is replaced
 * by that environment variable, so tokens need not be written into manifests; such values count as
 * secrets. {@link #toString} and {@link #shownUrl} never show a secret.
 *
 * @param signingSecret the resolved secret of a DingTalk or Feishu robot (also listed in {@code secrets})
 */
public record WebhookTarget(
        String url,
        Set<ReleaseEvent> events,
        Map<String, String> headers,
        List<String> secrets,
        NotificationFormat format,
        Optional<String> signingSecret) {

    private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

    public WebhookTarget {
        events = Collections.unmodifiableSet(
                EnumSet.copyOf(events.isEmpty() ? EnumSet.noneOf(ReleaseEvent.class) : events));
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        secrets = List.copyOf(secrets);
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(signingSecret, "signingSecret");
    }

    /** A generic target without a signing secret. */
    public WebhookTarget(String url, Set<ReleaseEvent> events, Map<String, String> headers, List<String> secrets) {
        this(url, events, headers, secrets, NotificationFormat.GENERIC, Optional.empty());
    }

    /** A target without environment values. */
    public static WebhookTarget of(String url, Set<ReleaseEvent> events, Map<String, String> headers) {
        return new WebhookTarget(url, events, headers, List.of());
    }

    /** A target of a chat service, with its signing secret when it has one (a literal value: a test's). */
    public static WebhookTarget of(
            String url, Set<ReleaseEvent> events, NotificationFormat format, Optional<String> signingSecret) {
        return new WebhookTarget(url, events, Map.of(), signingSecret.stream().toList(), format, signingSecret);
    }

    /** Reads {@code spec.notifications} of a manifest tree, resolving {@code ${env:NAME}} with {@code env}. */
    public static List<WebhookTarget> fromManifest(JsonNode manifest, UnaryOperator<String> env) {
        List<WebhookTarget> out = new ArrayList<>();
        for (JsonNode n : manifest.path("spec").path("notifications")) {
            List<String> secrets = new ArrayList<>();
            String url = resolve(n.path("webhook").asString(""), env, secrets);
            Set<ReleaseEvent> events = EnumSet.noneOf(ReleaseEvent.class);
            n.path("events").forEach(e -> events.add(ReleaseEvent.parse(e.asString())));
            Map<String, String> headers = new LinkedHashMap<>();
            for (var h : n.path("headers").properties()) {
                headers.put(h.getKey(), resolve(h.getValue().asString(""), env, secrets));
            }
            NotificationFormat format =
                    NotificationFormat.parse(n.path("format").asString("generic"));
            Optional<String> secret = n.path("secret").isString()
                    ? Optional.of(resolve(n.path("secret").asString(), env, secrets))
                    : Optional.empty();
            out.add(new WebhookTarget(url, events, headers, secrets, format, secret));
        }
        return out;
    }

    /**
     * The plan's notification targets, resolving {@code ${env:NAME}} with {@code env}. A target whose
     * literal secret the plan masked keeps the mask; {@link #holdsMaskedSecret()} says so and the
     * notifier does not call it.
     */
    public static List<WebhookTarget> fromPlan(
            List<dev.releasepolicy.core.plan.NotificationTarget> targets, UnaryOperator<String> env) {
        List<WebhookTarget> out = new ArrayList<>();
        for (dev.releasepolicy.core.plan.NotificationTarget n : targets) {
            List<String> secrets = new ArrayList<>();
            String url = resolve(n.webhook(), env, secrets);
            Set<ReleaseEvent> events = EnumSet.noneOf(ReleaseEvent.class);
            n.events().forEach(e -> events.add(ReleaseEvent.parse(e)));
            Map<String, String> headers = new LinkedHashMap<>();
            n.headers().forEach((k, v) -> headers.put(k, resolve(v, env, secrets)));
            Optional<String> secret = n.secret().map(v -> resolve(v, env, secrets));
            out.add(new WebhookTarget(url, events, headers, secrets, n.format(), secret));
        }
        return out;
    }

    /** Whether a literal secret of the manifest was masked out of this target, so it cannot be called. */
    public boolean holdsMaskedSecret() {
        return url.contains(Redaction.MASK)
                || headers.values().stream().anyMatch(v -> v.contains(Redaction.MASK))
                || signingSecret.filter(v -> v.contains(Redaction.MASK)).isPresent();
    }

    private static String resolve(String text, UnaryOperator<String> env, List<String> secrets) {
        Matcher m = ENV.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "notification: the environment variable " + m.group(1) + " is not set");
            }
            secrets.add(value);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether this target wants the event. */
    public boolean wants(ReleaseEvent event) {
        return events.contains(event);
    }

    /** The URL as it may be shown. */
    public String shownUrl() {
        String shown = Redaction.url(url);
        for (String s : secrets) {
            if (s.length() >= 4) {
                shown = shown.replace(s, Redaction.MASK);
            }
        }
        return shown;
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + shownUrl() + ", " + format.label() + (signingSecret.isPresent() ? " signed" : "")
                + ", events "
                + events.stream().map(ReleaseEvent::manifestName).toList() + ", headers " + Redaction.headers(headers)
                + "]";
    }
}
