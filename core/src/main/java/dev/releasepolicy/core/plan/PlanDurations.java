package dev.releasepolicy.core.plan;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes the manifest's durations ({@code 30s}, {@code 10m}, {@code 1h30m}, {@code 2d}).
 *
 * <p>Placeholder until {@code core.window.Durations} lands on main: the lead replaces the two
 * methods' bodies with calls to it. The schema already guarantees the syntax, so a value that does
 * not parse here is a tool failure, not a finding.
 */
public final class PlanDurations {

    private static final Pattern DURATION = Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

    private PlanDurations() {
    }

    /** Parses {@code 1d2h3m4s} and its shorter forms. */
    public static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (text.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 10m, 24h or 1h30m");
        }
        long seconds = part(m, 1) * 86_400 + part(m, 2) * 3_600 + part(m, 3) * 60 + part(m, 4);
        return Duration.ofSeconds(seconds);
    }

    /** Writes a duration the way manifests do: {@code 0s}, {@code 30m}, {@code 1h30m20s}, {@code 24h}. */
    public static String format(Duration d) {
        long s = d.getSeconds();
        if (s == 0) {
            return "0s";
        }
        StringBuilder b = new StringBuilder();
        long h = s / 3_600;
        long m = s % 3_600 / 60;
        long sec = s % 60;
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (sec > 0) {
            b.append(sec).append('s');
        }
        return b.toString();
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
