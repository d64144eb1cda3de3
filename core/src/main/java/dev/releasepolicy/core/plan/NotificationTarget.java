package dev.releasepolicy.core.plan;

import dev.releasepolicy.core.spec.NotificationFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One webhook of {@code spec.notifications} as the plan keeps it. Secrets are references such as
 * {@code ${env:NAME}}, resolved by the executor when it sends; a literal secret of the manifest (a
 * token in the URL, a credential header) is kept masked ({@code ***}), and the executor then refuses
 * to send to it and says why.
 *
 * @param webhook the URL, with {@code ${env:NAME}} references kept and literal secrets masked
 * @param events  the release events it wants ({@code Started}, {@code RolledBack}, ...)
 * @param headers extra headers, values treated like the URL
 * @param format  the body the webhook expects
 * @param secret  the signing secret (DingTalk, Feishu): a {@code ${env:NAME}} reference, or the mask for a
 *                literal one
 */
public record NotificationTarget(
        String webhook,
        List<String> events,
        Map<String, String> headers,
        NotificationFormat format,
        Optional<String> secret) {

    public NotificationTarget {
        Objects.requireNonNull(webhook, "webhook");
        events = List.copyOf(events);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(secret, "secret");
    }

    /** A generic webhook without a signing secret. */
    public NotificationTarget(String webhook, List<String> events, Map<String, String> headers) {
        this(webhook, events, headers, NotificationFormat.GENERIC, Optional.empty());
    }

    /** Whether a literal secret was masked out of the URL, a header or the secret, so the target cannot be called. */
    public boolean holdsMaskedSecret() {
        return webhook.contains(PlanRuntime.MASK)
                || headers.values().stream().anyMatch(v -> v.contains(PlanRuntime.MASK))
                || secret.filter(s -> s.contains(PlanRuntime.MASK)).isPresent();
    }
}
