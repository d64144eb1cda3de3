package dev.releasepolicy.executor.analysis;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the manifest's durations ({@code 30s}, {@code 10m}, {@code 1h30m}, {@code 2d}) and writes them back. */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("^(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?$");

    private DurationText() {
    }

    /** Parses a manifest duration; throws {@link IllegalArgumentException} naming the bad text. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (text == null || text.isBlank() || !m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration such as 30s, 10m or 1h30m");
        }
        Duration d = Duration.ZERO;
        if (m.group(1) != null) {
            d = d.plusDays(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            d = d.plusHours(Long.parseLong(m.group(2)));
        }
        if (m.group(3) != null) {
            d = d.plusMinutes(Long.parseLong(m.group(3)));
        }
        if (m.group(4) != null) {
            d = d.plusSeconds(Long.parseLong(m.group(4)));
        }
        return d;
    }

    /** Formats like the manifest: {@code 2m}, {@code 1h30m}, {@code 0s}; sub-second parts as {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        long s = d.getSeconds();
        if (s / 86400 > 0) {
            sb.append(s / 86400).append('d');
        }
        if (s % 86400 / 3600 > 0) {
            sb.append(s % 86400 / 3600).append('h');
        }
        if (s % 3600 / 60 > 0) {
            sb.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0) {
            sb.append(s % 60).append('s');
        }
        if (d.getNano() > 0) {
            sb.append(d.getNano() / 1_000_000).append("ms");
        }
        return sb.toString();
    }
}
