package dev.releasepolicy.executor.wait;

import java.time.Duration;

/** How long a wait has left, for people: {@code 1h02m03s}, {@code 9m05s}, {@code 42s}. */
public final class Remaining {

    private Remaining() {}

    /** {@code 1h02m03s}, {@code 9m05s}, {@code 42s}; a negative duration is {@code 0s}. */
    public static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) {
            return String.format("%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
        }
        if (s >= 60) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
