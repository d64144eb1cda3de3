package dev.releasepolicy.core.window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deny period {@code now} falls in.
 *
 * @param reason the deny entry's {@code reason} ({@code "deny period"} when it gives none)
 * @param until  the period's end as written in the manifest, a local date-time in the window's
 *               zone such as {@code 2027-01-03T00:00}
 */
public record Freeze(String reason, String until) {

    /** {@code {reason, until}}, the shape policies see in {@code ctx.window.frozen}. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("reason", reason);
        m.put("until", until);
        return m;
    }
}
