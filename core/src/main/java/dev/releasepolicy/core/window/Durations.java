package dev.releasepolicy.core.window;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The manifest's duration strings: a sequence of {@code <number><unit>} parts with units {@code d}
 * (24 hours), {@code h}, {@code m} and {@code s}, largest unit first, each unit at most once —
 * {@code 30s}, {@code 10m}, {@code 24h}, {@code 1h30m}, {@code 2d}. Used by release windows, the
 * planner and the policies' context, so every part of the tool reads a duration the same way.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private Durations() {}

    /**
     * Parses a duration string such as {@code 1h30m}.
     *
     * @throws IllegalArgumentException naming the text and showing the accepted forms when it is
     *                                  null, empty, out of range or not in the format
     */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "empty duration: write a number followed by d, h, m or s, " + "e.g. 30s, 10m, 1h30m or 2d");
        }
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write numbers followed by d, h, "
                    + "m or s, largest unit first, e.g. 30s, 10m, 1h30m or 2d");
        }
        try {
            Duration d = Duration.ZERO;
            d = d.plusDays(part(m, 1));
            d = d.plusHours(part(m, 2));
            d = d.plusMinutes(part(m, 3));
            return d.plusSeconds(part(m, 4));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("duration '" + text + "' is too large", e);
        }
    }

    /** True when {@link #parse(String)} would accept the text. */
    public static boolean isValid(String text) {
        return text != null && !text.isBlank() && FORMAT.matcher(text.trim()).matches();
    }

    /**
     * Formats a duration in the same notation, e.g. {@code 1h30m}, {@code 2d}, {@code 45s};
     * {@code 0s} for zero. Fractions of a second are dropped. The result parses back to the
     * same number of whole seconds.
     *
     * @throws IllegalArgumentException for a negative duration
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration " + duration);
        }
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        append(sb, seconds / 86_400, 'd');
        append(sb, seconds % 86_400 / 3_600, 'h');
        append(sb, seconds % 3_600 / 60, 'm');
        append(sb, seconds % 60, 's');
        return sb.toString();
    }

    private static void append(StringBuilder sb, long n, char unit) {
        if (n > 0) {
            sb.append(n).append(unit);
        }
    }

    private static long part(Matcher m, int group) {
        String g = m.group(group);
        return g == null ? 0 : Long.parseLong(g);
    }
}
