package dev.releasepolicy.core.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of {@code spec.notifications}: a webhook and the release events it receives.
 *
 * @param webhook the URL as written (it may carry a token: redact it before printing)
 * @param events  the events, such as {@code Started} or {@code RolledBack}
 * @param headers extra HTTP headers, in the order written
 */
public record Notification(String webhook, List<String> events, Map<String, String> headers) {

    public Notification {
        events = List.copyOf(events);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** True when the webhook receives one of the events. */
    public boolean subscribesToAny(List<String> wanted) {
        return wanted.stream().anyMatch(events::contains);
    }
}
