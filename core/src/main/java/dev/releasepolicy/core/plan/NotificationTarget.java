package dev.releasepolicy.core.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One webhook of {@code spec.notifications} as the plan keeps it. Secrets are references such as
 * {@code ${env:NAME}}, resolved by the executor when it sends; a literal secret of the manifest (a
 * token in the URL, a credential header) is kept masked ({@code ***}), and the executor then refuses
 * to send to it and says why.
 *
 * @param webhook the URL, with {@code ${env:NAME}} references kept and literal secrets masked
 * @param events  the release events it wants ({@code Started}, {@code RolledBack}, ...)
 * @param headers extra headers, values treated like the URL
 */
public record NotificationTarget(String webhook, List<String> events, Map<String, String> headers) {

    public NotificationTarget {
        Objects.requireNonNull(webhook, "webhook");
        events = List.copyOf(events);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** Whether a literal secret was masked out of the URL or a header, so the target cannot be called. */
    public boolean holdsMaskedSecret() {
        return webhook.contains(PlanRuntime.MASK)
                || headers.values().stream().anyMatch(v -> v.contains(PlanRuntime.MASK));
    }
}
