package dev.releasepolicy.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of {@code spec.notifications}: a webhook and the release events it receives.
 *
 * @param webhook the URL as written (it may carry a token: redact it before printing)
 * @param events  the events, such as {@code Started} or {@code RolledBack}
 * @param headers extra HTTP headers, in the order written
 * @param format  the body the webhook expects ({@code generic} when not written)
 * @param secret  the signing secret of a DingTalk or Feishu robot as written (a {@code ${env:NAME}} reference)
 */
public record Notification(
        String webhook,
        List<String> events,
        Map<String, String> headers,
        NotificationFormat format,
        Optional<String> secret) {

    public Notification {
        events = List.copyOf(events);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(secret, "secret");
    }

    /** A generic webhook without a secret. */
    public Notification(String webhook, List<String> events, Map<String, String> headers) {
        this(webhook, events, headers, NotificationFormat.GENERIC, Optional.empty());
    }

    /** True when the webhook receives one of the events. */
    public boolean subscribesToAny(List<String> wanted) {
        return wanted.stream().anyMatch(events::contains);
    }
}
